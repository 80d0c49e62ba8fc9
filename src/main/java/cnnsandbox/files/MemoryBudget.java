package cnnsandbox.files;

/**
 * Allocations that a parameter or a file header drives are estimated first and refused with one line naming the
 * cause, instead of ending in {@code OutOfMemoryError: Java heap space}, which names nothing the user can change.
 */
public final class MemoryBudget {

	private MemoryBudget() {}

	/**
	 * @param bytes the estimated need
	 * @param cause what drives it, as the user set it ("magnification=64 (Show Filters' montage)")
	 * @throws IllegalArgumentException if more than the heap could still hold is needed
	 */
	public static void require(long bytes, String cause) {
		if (bytes <= available()) return;
		System.gc(); // once, only when it matters: garbage may hold what we need
		long free = available();
		if (bytes > free)
			throw new IllegalArgumentException(cause + " needs about " + human(bytes) + " of memory, but only " + human(free)
				+ " of the Java heap (" + human(Runtime.getRuntime().maxMemory()) + ") is free: lower it, or give Java more memory (-Xmx)");
	}

	/**
	 * For ND4J's arrays (the engine's activations and gradients), which live outside the heap: refuses more than
	 * -Xmx, the most their off-heap limit is ever set to ({@code backend.NativeMemory}), before any is allocated.
	 *
	 * @param cause what drives the need, as the user set it ("batch_size=50 with these layers")
	 * @param advice what to change
	 */
	public static void requireArrays(long bytes, String cause, String advice) {
		long limit = Runtime.getRuntime().maxMemory();
		if (bytes > limit)
			throw new IllegalArgumentException(cause + " needs about " + human(bytes) + " of memory for its arrays, more than the "
				+ human(limit) + " this Java may use (-Xmx): " + advice);
	}

	/** Saturating sum, as {@link #times}. */
	public static long plus(long a, long b) {
		return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
	}

	/** Heap that can still be allocated. */
	public static long available() {
		Runtime r = Runtime.getRuntime();
		return r.maxMemory() - (r.totalMemory() - r.freeMemory());
	}

	/** Saturating product of sizes, so an estimate never overflows into a small or negative number. */
	public static long times(long... factors) {
		long p = 1;
		for (long f : factors) {
			if (f < 0) return Long.MAX_VALUE;
			if (f != 0 && p > Long.MAX_VALUE / f) return Long.MAX_VALUE;
			p *= f;
		}
		return p;
	}

	public static String human(long bytes) {
		if (bytes == Long.MAX_VALUE) return "more than 8 EB";
		if (bytes >= 1L << 30) return String.format("%.1f GB", bytes / (double) (1L << 30));
		if (bytes >= 1L << 20) return String.format("%.0f MB", bytes / (double) (1L << 20));
		return String.format("%.0f KB", Math.max(1, bytes / 1024.0));
	}
}
