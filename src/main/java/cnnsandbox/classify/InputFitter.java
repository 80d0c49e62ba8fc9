package cnnsandbox.classify;

import java.util.Locale;

import cnnsandbox.options.Options;

/**
 * Prepares an arbitrary gray image for a model trained on Fashion-MNIST as that data set was made: makes the object
 * bright on a dark background, trims the image to the object, fits it into the model's input size preserving the
 * aspect ratio (area averaging, so a photo becomes a faithful thumbnail), and pads with the background.
 * <p>
 * Values must already be scaled to [0, 1] (see {@link Intensity}). A 28 x 28 image that already looks like the
 * training data passes through unchanged, so the test set classifies exactly as during training.
 */
public final class InputFitter {

	/** Whether to turn a dark-on-bright image into the bright-on-dark look of Fashion-MNIST. */
	public enum Invert implements Options.Choice {
		AUTO, YES, NO;

		@Override
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** How far from the background a pixel must be to count as the object, as a fraction of the [0, 1] range. */
	static final double CONTENT_THRESHOLD = 0.05;

	private final int rows, cols;
	private final Invert invert;

	public InputFitter(int rows, int cols, Invert invert) {
		this.rows = rows;
		this.cols = cols;
		this.invert = invert;
	}

	/**
	 * Where an image went in the model's input: its content box {@code boxX, boxY, boxW, boxH} (in the image) was
	 * scaled to {@code fw x fh} and placed at {@code x0, y0} (in the input). What undoes the fitting (Explain
	 * Classification's overlay on the original image).
	 */
	public static final class Placement {
		public final int boxX, boxY, boxW, boxH, x0, y0, fw, fh;

		Placement(int boxX, int boxY, int boxW, int boxH, int x0, int y0, int fw, int fh) {
			this.boxX = boxX;
			this.boxY = boxY;
			this.boxW = boxW;
			this.boxH = boxH;
			this.x0 = x0;
			this.y0 = y0;
			this.fw = fw;
			this.fh = fh;
		}

		/** Image pixel (x, y)'s centre in input coordinates: {column, row}; inside the box only. */
		public double[] toInput(int x, int y) {
			return new double[] { x0 + (x - boxX + 0.5) * fw / boxW - 0.5, y0 + (y - boxY + 0.5) * fh / boxH - 0.5 };
		}

		public boolean inBox(int x, int y) {
			return x >= boxX && x < boxX + boxW && y >= boxY && y < boxY + boxH;
		}
	}

	/** The prepared image, rows x cols, row-major; {@code inverted[0]} tells whether it was inverted. */
	public float[] fit(double[] v, int w, int h, boolean[] inverted) {
		return fit(v, w, h, inverted, null);
	}

	/** As {@link #fit(double[], int, int, boolean[])}; {@code placement[0]} receives where the image went. */
	public float[] fit(double[] v, int w, int h, boolean[] inverted, Placement[] placement) {
		if (w < 2 || h < 2) {
			throw new IllegalArgumentException("the image is " + w + " x " + h + " pixels: too small to classify (at least 2 x 2)");
		}
		double border = borderMean(v, w, h);
		// A light background means a dark object: invert. "Brighter than the centre" alone is not enough: some
		// Fashion-MNIST images (a shirt filling the frame) have a border slightly brighter than their centre.
		boolean flip = invert == Invert.YES || (invert == Invert.AUTO && border > 0.5 && border > centreMean(v, w, h));
		if (inverted != null) inverted[0] = flip;
		double[] src = v;
		if (flip) {
			src = new double[v.length];
			for (int i = 0; i < v.length; i++) src[i] = 1 - v[i];
		}
		if (w == cols && h == rows) {
			if (placement != null) placement[0] = new Placement(0, 0, w, h, 0, 0, w, h);
			return toFloat(src);
		}
		double background = borderMean(src, w, h);
		int[] box = contentBox(src, w, h, background);
		src = crop(src, w, box);
		w = box[2];
		h = box[3];
		double scale = Math.max((double) w / cols, (double) h / rows);
		int fw = Math.max(1, Math.min(cols, (int) Math.round(w / scale)));
		int fh = Math.max(1, Math.min(rows, (int) Math.round(h / scale)));
		double[] small = areaAverage(src, w, h, fw, fh);
		float[] out = new float[rows * cols];
		java.util.Arrays.fill(out, (float) background);
		int x0 = (cols - fw) / 2, y0 = (rows - fh) / 2;
		if (placement != null) placement[0] = new Placement(box[0], box[1], box[2], box[3], x0, y0, fw, fh);
		for (int y = 0; y < fh; y++) {
			for (int x = 0; x < fw; x++) out[(y0 + y) * cols + x0 + x] = (float) small[y * fw + x];
		}
		return out;
	}

	/**
	 * A multi-channel image (its {@code channels} planes of w x h one after the other) fitted as one picture: the
	 * inversion and the content box are decided on the mean of the channels, then every channel is inverted, cropped
	 * and scaled alike and padded with its own background, so the channels stay registered. Returns channels x rows
	 * x cols values; one channel is {@link #fit(double[], int, int, boolean[], Placement[])} exactly.
	 */
	public float[] fitChannels(double[] v, int channels, int w, int h, boolean[] inverted, Placement[] placement) {
		int plane = w * h;
		if (channels == 1)
			return fit(plane == v.length ? v : java.util.Arrays.copyOf(v, plane), w, h, inverted, placement);
		double[] mean = new double[plane];
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < plane; i++)
				mean[i] += v[c * plane + i] / channels;
		boolean[] flip = new boolean[1];
		Placement[] where = new Placement[1];
		fit(mean, w, h, flip, where);
		if (inverted != null) inverted[0] = flip[0];
		if (placement != null) placement[0] = where[0];
		Placement p = where[0];
		float[] out = new float[channels * rows * cols];
		for (int c = 0; c < channels; c++) {
			double[] src = new double[plane];
			for (int i = 0; i < plane; i++)
				src[i] = flip[0] ? 1 - v[c * plane + i] : v[c * plane + i];
			if (w == cols && h == rows) {
				for (int i = 0; i < plane; i++) out[c * plane + i] = (float) src[i];
				continue;
			}
			double background = borderMean(src, w, h);
			double[] small = areaAverage(crop(src, w, new int[] { p.boxX, p.boxY, p.boxW, p.boxH }), p.boxW, p.boxH, p.fw, p.fh);
			int o = c * rows * cols;
			java.util.Arrays.fill(out, o, o + rows * cols, (float) background);
			for (int y = 0; y < p.fh; y++)
				for (int x = 0; x < p.fw; x++) out[o + (p.y0 + y) * cols + p.x0 + x] = (float) small[y * p.fw + x];
		}
		return out;
	}

	/**
	 * The bounding box {x, y, w, h} of the pixels that differ from the background by more than 5 % of the range:
	 * Fashion-MNIST was made by trimming each product photo to its content before scaling its longer side to 28.
	 */
	static int[] contentBox(double[] v, int w, int h, double background) {
		int x0 = w, y0 = h, x1 = -1, y1 = -1;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				if (Math.abs(v[y * w + x] - background) > CONTENT_THRESHOLD) {
					x0 = Math.min(x0, x);
					x1 = Math.max(x1, x);
					y0 = Math.min(y0, y);
					y1 = Math.max(y1, y);
				}
			}
		}
		return x1 < 0 ? new int[] { 0, 0, w, h } : new int[] { x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
	}

	private static double[] crop(double[] v, int w, int[] box) {
		double[] out = new double[box[2] * box[3]];
		for (int y = 0; y < box[3]; y++) System.arraycopy(v, (box[1] + y) * w + box[0], out, y * box[2], box[2]);
		return out;
	}

	/** Resamples by averaging each target pixel's footprint, with fractional weights at its edges. */
	static double[] areaAverage(double[] v, int w, int h, int tw, int th) {
		double[][] wx = weights(w, tw), wy = weights(h, th);
		double[] rowsDone = new double[h * tw];
		for (int y = 0; y < h; y++) {
			for (int tx = 0; tx < tw; tx++) {
				double sum = 0;
				for (int x = 0; x < w; x++) sum += wx[tx][x] * v[y * w + x];
				rowsDone[y * tw + tx] = sum;
			}
		}
		double[] out = new double[tw * th];
		for (int ty = 0; ty < th; ty++) {
			for (int tx = 0; tx < tw; tx++) {
				double sum = 0;
				for (int y = 0; y < h; y++) sum += wy[ty][y] * rowsDone[y * tw + tx];
				out[ty * tw + tx] = sum;
			}
		}
		return out;
	}

	/** weights[t][s]: the share of source pixel s in target pixel t (each row sums to 1). */
	private static double[][] weights(int n, int tn) {
		double[][] wt = new double[tn][n];
		double step = (double) n / tn;
		for (int t = 0; t < tn; t++) {
			double a = t * step, b = (t + 1) * step;
			for (int s = (int) Math.floor(a); s < Math.min(n, (int) Math.ceil(b)); s++) {
				wt[t][s] = (Math.min(b, s + 1) - Math.max(a, s)) / step;
			}
		}
		return wt;
	}

	static double borderMean(double[] v, int w, int h) {
		double sum = 0;
		int n = 0;
		for (int x = 0; x < w; x++) {
			sum += v[x] + v[(h - 1) * w + x];
			n += 2;
		}
		for (int y = 1; y < h - 1; y++) {
			sum += v[y * w] + v[y * w + w - 1];
			n += 2;
		}
		return sum / n;
	}

	static double centreMean(double[] v, int w, int h) {
		double sum = 0;
		int n = 0;
		for (int y = h / 4; y < h - h / 4; y++) {
			for (int x = w / 4; x < w - w / 4; x++) {
				sum += v[y * w + x];
				n++;
			}
		}
		return n == 0 ? borderMean(v, w, h) : sum / n;
	}

	private static float[] toFloat(double[] v) {
		float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
		return f;
	}
}
