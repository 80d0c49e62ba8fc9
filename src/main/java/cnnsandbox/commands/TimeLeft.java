package cnnsandbox.commands;

/**
 * The "~1 min 20 s left" of a status line, extrapolated from the work done so far since {@code start}: one wording
 * for every long command (deblur iterations, training batches, ascent steps).
 */
final class TimeLeft {

	private final long start = System.nanoTime();

	/** "" until anything is done, then ", ~N s left" (minutes from 2 minutes on). */
	String after(long done, long total) {
		if (done <= 0 || total <= done) return "";
		double elapsed = (System.nanoTime() - start) / 1e9;
		return ", ~" + format(Math.round(elapsed / done * (total - done))) + " left";
	}

	static String format(long seconds) {
		if (seconds < 120) return seconds + " s";
		return seconds / 60 + " min " + seconds % 60 + " s";
	}
}
