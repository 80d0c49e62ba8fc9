package cnnsandbox.deblur;

/** Progress callback, called every {@link Deblurrer#PROGRESS_EVERY} iterations and once at the end. */
public interface DeblurListener {
	void progress(int iteration, int total);
}
