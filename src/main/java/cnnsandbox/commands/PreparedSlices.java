package cnnsandbox.commands;

import cnnsandbox.classify.InputFitter;
import net.imglib2.RandomAccessibleInterval;

/**
 * The slices of an input image as a model sees them: scaled to [0, 1] ({@link InputScaling}) and fitted into its
 * input size ({@link InputFitter}), on all the threads, each writing only its own slices. One preparation for
 * Classify Image and Explain Classification, so that an explanation is of the decision Classify Image reports.
 */
final class PreparedSlices {

	/** [n, channels, rows, cols], row-major. */
	final float[] pixels;
	final boolean[] inverted;
	/** Where each slice went in the model's input (what undoes the fitting). */
	final InputFitter.Placement[] placements;
	final int n, channels, rows, cols;

	private PreparedSlices(float[] pixels, boolean[] inverted, InputFitter.Placement[] placements, int n, int rows, int cols) {
		this(pixels, inverted, placements, n, 1, rows, cols);
	}

	private PreparedSlices(float[] pixels, boolean[] inverted, InputFitter.Placement[] placements, int n, int channels, int rows,
		int cols) {
		this.channels = channels;
		this.pixels = pixels;
		this.inverted = inverted;
		this.placements = placements;
		this.n = n;
		this.rows = rows;
		this.cols = cols;
	}

	/**
	 * The images of {@code input} as a model of {@code channels} channels takes them: for one channel each slice
	 * (RGB as luminance), else as {@link ChannelInput} reads them ({@code czt}: the host's hyperstack dimensions).
	 */
	static PreparedSlices of(RandomAccessibleInterval<?> input, int[] czt, int channels, int rows, int cols, InputFitter.Invert mode) {
		if (channels == 1) return of(input, rows, cols, mode);
		ChannelInput in = ChannelInput.read(input, czt, channels);
		int n = in.images.size();
		if (n == 0) throw new IllegalArgumentException("the image has no slices");
		boolean[] inverted = new boolean[n];
		InputFitter.Placement[] placements = new InputFitter.Placement[n];
		return new PreparedSlices(in.fitted(rows, cols, mode, inverted, placements), inverted, placements, n, channels, rows, cols);
	}

	static PreparedSlices of(RandomAccessibleInterval<?> input, int rows, int cols, InputFitter.Invert mode) {
		int[] shape = Planes.shape(input);
		int width = shape[0], height = shape[1], n = shape[2];
		if (n == 0) throw new IllegalArgumentException("the image has no slices");
		InputScaling scaling = InputScaling.of(input);
		InputFitter fitter = new InputFitter(rows, cols, mode);
		float[] batch = new float[n * rows * cols];
		boolean[] inverted = new boolean[n];
		InputFitter.Placement[] placements = new InputFitter.Placement[n];
		Planes.visitLuminance(input, (i, v) -> {
			boolean[] flag = new boolean[1];
			InputFitter.Placement[] where = new InputFitter.Placement[1];
			scaling.apply(v); // v is the reader's buffer
			System.arraycopy(fitter.fit(v, width, height, flag, where), 0, batch, i * rows * cols, rows * cols);
			inverted[i] = flag[0];
			placements[i] = where[0];
		});
		return new PreparedSlices(batch, inverted, placements, n, rows, cols);
	}

	/** These slices with the model's own input preparation applied (an imported model's scale, mean, std); in place. */
	PreparedSlices preparedFor(cnnsandbox.classify.InputPreparation p) {
		p.apply(pixels);
		return this;
	}

	/**
	 * The images a model of {@code channels} channels reads from {@code input}, as one grey plane each at their own
	 * size, [n, height, width]: the slices scaled to [0, 1] for one channel, else the mean of each image's channels.
	 */
	static float[] scaled(RandomAccessibleInterval<?> input, int[] czt, int channels) {
		if (channels == 1) return scaled(input);
		ChannelInput in = ChannelInput.read(input, czt, channels);
		int plane = in.width * in.height;
		float[] out = new float[in.images.size() * plane];
		for (int i = 0; i < in.images.size(); i++) {
			double[] v = in.images.get(i);
			for (int c = 0; c < channels; c++)
				for (int q = 0; q < plane; q++)
					out[i * plane + q] += (float) (v[c * plane + q] / channels);
		}
		return out;
	}

	/** The slices scaled to [0, 1] at their own size (not fitted), [n, height, width]. */
	static float[] scaled(RandomAccessibleInterval<?> input) {
		int[] shape = Planes.shape(input);
		int plane = shape[0] * shape[1];
		float[] out = new float[shape[2] * plane];
		InputScaling scaling = InputScaling.of(input);
		Planes.visitLuminance(input, (i, v) -> {
			scaling.apply(v);
			for (int q = 0; q < plane; q++) out[i * plane + q] = (float) v[q];
		});
		return out;
	}
}
