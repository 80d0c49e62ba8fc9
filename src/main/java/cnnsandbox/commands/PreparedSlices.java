package cnnsandbox.commands;

import cnnsandbox.classify.InputFitter;
import net.imglib2.RandomAccessibleInterval;

/**
 * The slices of an input image as a model sees them: scaled to [0, 1] ({@link InputScaling}) and fitted into its
 * input size ({@link InputFitter}), on all the threads, each writing only its own slices. One preparation for
 * Classify Image and Explain Classification, so that an explanation is of the decision Classify Image reports.
 */
final class PreparedSlices {

	/** [n, rows, cols], row-major. */
	final float[] pixels;
	final boolean[] inverted;
	final int n, rows, cols;

	private PreparedSlices(float[] pixels, boolean[] inverted, int n, int rows, int cols) {
		this.pixels = pixels;
		this.inverted = inverted;
		this.n = n;
		this.rows = rows;
		this.cols = cols;
	}

	static PreparedSlices of(RandomAccessibleInterval<?> input, int rows, int cols, InputFitter.Invert mode) {
		int[] shape = Planes.shape(input);
		int width = shape[0], height = shape[1], n = shape[2];
		if (n == 0) throw new IllegalArgumentException("the image has no slices");
		InputScaling scaling = InputScaling.of(input);
		InputFitter fitter = new InputFitter(rows, cols, mode);
		float[] batch = new float[n * rows * cols];
		boolean[] inverted = new boolean[n];
		Planes.visitLuminance(input, (i, v) -> {
			boolean[] flag = new boolean[1];
			scaling.apply(v); // v is the reader's buffer
			System.arraycopy(fitter.fit(v, width, height, flag), 0, batch, i * rows * cols, rows * cols);
			inverted[i] = flag[0];
		});
		return new PreparedSlices(batch, inverted, n, rows, cols);
	}
}
