package cnnsandbox.data;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A set of labelled images of one or more channels (grey: 1; colour: 3, R G B; a hyperstack or multi-channel TIFF:
 * its C), pixels scaled to [0, 1] as PyTorch's {@code ToTensor} does (byte / 255). Each image is its channels' planes
 * one after the other (channel, row, column): the [N, C, H, W] order of PyTorch and ONNX.
 */
public final class LabeledImages {

	public final int n, channels, rows, cols;
	/** n*channels*rows*cols values in [0, 1]: per image its channels' planes, each row-major; images one after the other. */
	public final float[] pixels;
	/** n labels in 0..classNames.size()-1. */
	public final int[] labels;
	/** The name of each class, in label order. */
	public final List<String> classNames;

	/** Classes named by their numbers, "0" to the largest label. */
	public LabeledImages(int rows, int cols, float[] pixels, int[] labels) {
		this(rows, cols, pixels, labels, numbered(labels));
	}

	/** Grey images (one channel). */
	public LabeledImages(int rows, int cols, float[] pixels, int[] labels, List<String> classNames) {
		this(1, rows, cols, pixels, labels, classNames);
	}

	public LabeledImages(int channels, int rows, int cols, float[] pixels, int[] labels, List<String> classNames) {
		if (rows <= 0 || cols <= 0 || channels <= 0)
			throw new IllegalArgumentException("bad image size " + channels + " x " + rows + " x " + cols);
		if (pixels.length != (long) labels.length * channels * rows * cols)
			throw new IllegalArgumentException(
				"pixel count " + pixels.length + " != " + labels.length + " images x " + channels + " x " + rows + " x " + cols);
		this.n = labels.length;
		this.channels = channels;
		this.rows = rows;
		this.cols = cols;
		this.pixels = pixels;
		this.labels = labels;
		this.classNames = List.copyOf(classNames);
		for (int l : labels)
			if (l < 0 || l >= classNames.size())
				throw new IllegalArgumentException("label " + l + " is outside 0-" + (classNames.size() - 1));
	}

	private static List<String> numbered(int[] labels) {
		int max = 0;
		for (int l : labels)
			max = Math.max(max, l);
		List<String> names = new java.util.ArrayList<>();
		for (int c = 0; c <= max; c++)
			names.add(String.valueOf(c));
		return names;
	}

	public int classes() {
		return classNames.size();
	}

	/** Values per image: channels x rows x cols. */
	public int imageSize() {
		return channels * rows * cols;
	}

	/** Examples {@code from} (inclusive) to {@code to} (exclusive) as a new float array shaped [to-from, channels, rows, cols]. */
	public INDArray features(int from, int to) {
		checkRange(from, to);
		int size = imageSize();
		return Nd4j.create(Arrays.copyOfRange(pixels, from * size, to * size), new long[] { to - from, channels, rows, cols }, 'c');
	}

	/** The examples whose indices are given, in that order, shaped [idx.length, channels, rows, cols]. */
	public INDArray features(int[] idx) {
		int size = imageSize();
		float[] buf = new float[idx.length * size];
		for (int k = 0; k < idx.length; k++)
			System.arraycopy(pixels, idx[k] * size, buf, k * size, size);
		return Nd4j.create(buf, new long[] { idx.length, channels, rows, cols }, 'c');
	}

	/** Image i as a fresh array of channels*rows*cols values in [0, 1] (channel by channel). */
	public float[] image(int i) {
		if (i < 0 || i >= n)
			throw new IndexOutOfBoundsException("image " + i + " of " + n);
		int size = imageSize();
		return Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
	}

	/** The first {@code m} examples (a copy; m is clipped to n). */
	public LabeledImages head(int m) {
		int k = Math.min(Math.max(m, 0), n);
		return new LabeledImages(channels, rows, cols, Arrays.copyOf(pixels, k * imageSize()), Arrays.copyOf(labels, k), classNames);
	}

	private void checkRange(int from, int to) {
		if (from < 0 || to > n || from > to)
			throw new IndexOutOfBoundsException("examples " + from + ".." + to + " of " + n);
	}
}
