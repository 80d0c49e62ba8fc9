package cnnsandbox.deblur;

import java.util.Arrays;

/**
 * Estimates the standard deviation of the noise from the finest wavelet coefficients, where a blurred image has
 * almost no signal left: the Haar diagonal detail {@code (a - b - c + d) / 2} of each 2 x 2 block (a 1-D signal:
 * the second difference {@code (y[i-1] - 2 y[i] + y[i+1]) / sqrt 6}), whose standard deviation is the noise's.
 * <p>
 * Why binned: the usual median absolute deviation (MAD / 0.6745) gives the <em>median</em> noise level, but the
 * discrepancy and risk rules need the <em>mean</em> variance. With Poisson noise the variance grows with the
 * intensity, and the plain MAD under-estimated it enough to choose weights 10-30x too small (PLATFORM-NOTES).
 * The coefficients are therefore split into 16 bins by the local mean intensity, a MAD taken in each, and the
 * variances averaged: this measured 0.0467 against a true 0.0461 on a Poisson micrograph (plain MAD: 0.0445).
 */
public final class NoiseEstimator {
	static final int BINS = 16;

	private NoiseEstimator() {
	}

	/** The estimated noise standard deviation of a width x height x depth array (x fastest); 0 if too small. */
	public static double sigma(double[] y, int width, int height, int depth) {
		return estimate(y, width, height, depth).sigma;
	}

	/**
	 * The noise level and its dependence on the intensity: the variance is fitted as {@code slope * m + intercept}
	 * (least squares over the bins' mean intensity m), which is what Poisson (shot) noise plus Gaussian (read)
	 * noise give; slope ~ 0 for Gaussian noise.
	 */
	public static NoiseLevel estimate(double[] y, int width, int height, int depth) {
		int w2 = width / 2;
		int h2 = height / 2;
		double[] detail;
		double[] mean;
		if (width < 2 || height < 2) {
			int n = width * height * depth;
			if (n < 3) {
				return new NoiseLevel(0, 0, 0);
			}
			detail = new double[n - 2];
			mean = new double[n - 2];
			for (int i = 1; i < n - 1; i++) {
				detail[i - 1] = (y[i - 1] - 2 * y[i] + y[i + 1]) / Math.sqrt(6);
				mean[i - 1] = y[i];
			}
		} else {
			detail = new double[w2 * h2 * depth];
			mean = new double[detail.length];
			int k = 0;
			for (int z = 0; z < depth; z++) {
				int plane = z * width * height;
				for (int r = 0; r < h2; r++) {
					for (int c = 0; c < w2; c++) {
						int i = plane + 2 * r * width + 2 * c;
						double a = y[i], b = y[i + 1], cc = y[i + width], d = y[i + width + 1];
						detail[k] = (a - b - cc + d) / 2;
						mean[k++] = (a + b + cc + d) / 4;
					}
				}
			}
		}
		return binned(detail, mean);
	}

	/** The noise: rms sd over the pixels, and the variance's linear fit against the intensity. */
	public static final class NoiseLevel {
		public final double sigma;
		public final double slope;
		public final double intercept;

		NoiseLevel(double sigma, double slope, double intercept) {
			this.sigma = sigma;
			this.slope = slope;
			this.intercept = intercept;
		}

		/** The variance expected at intensity m, at least 5 % of the mean variance (a zero would be an infinite weight). */
		public double variance(double m) {
			return Math.max(slope * m + intercept, 0.05 * sigma * sigma);
		}
	}

	static double binnedSigma(double[] detail, double[] mean) {
		return binned(detail, mean).sigma;
	}

	/** sqrt of the mean over intensity bins (equal counts) of (MAD / 0.6745)^2, weighted by the bin sizes. */
	static NoiseLevel binned(double[] detail, double[] mean) {
		int n = detail.length;
		if (n == 0) {
			return new NoiseLevel(0, 0, 0);
		}
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (p, q) -> Double.compare(mean[p], mean[q]));
		int bins = Math.max(1, Math.min(BINS, n / 64));
		double sum = 0;
		double[] bm = new double[bins];
		double[] bv = new double[bins];
		for (int b = 0; b < bins; b++) {
			int from = (int) ((long) n * b / bins);
			int to = (int) ((long) n * (b + 1) / bins);
			double[] abs = new double[to - from];
			for (int i = from; i < to; i++) {
				abs[i - from] = Math.abs(detail[order[i]]);
				bm[b] += mean[order[i]];
			}
			bm[b] /= Math.max(1, to - from);
			double s = median(abs) / 0.6744897501960817;
			bv[b] = s * s;
			sum += s * s * (to - from);
		}
		double sigma = Math.sqrt(sum / n);
		// least-squares line through (bin mean, bin variance)
		double mm = 0, mv = 0;
		for (int b = 0; b < bins; b++) {
			mm += bm[b] / bins;
			mv += bv[b] / bins;
		}
		double sxx = 0, sxy = 0;
		for (int b = 0; b < bins; b++) {
			sxx += (bm[b] - mm) * (bm[b] - mm);
			sxy += (bm[b] - mm) * (bv[b] - mv);
		}
		double slope = sxx > 0 ? sxy / sxx : 0;
		return new NoiseLevel(sigma, slope, mv - slope * mm);
	}

	/**
	 * Weights 1 / variance of each pixel, scaled to mean-variance units (sigma^2 / variance(local mean)), for a
	 * data term weighted as the noise: with Poisson noise the bright pixels are trusted less. The local mean is two
	 * passes of a 5 x 5 box (about a Gaussian of sigma 2) on each plane, edges clamped.
	 */
	public static double[] dataWeights(NoiseLevel level, double[] y, int width, int height, int depth) {
		double[] smooth = y.clone();
		double[] tmp = new double[y.length];
		for (int pass = 0; pass < 2; pass++) {
			box(smooth, tmp, width, height, depth, 1, width);
			box(tmp, smooth, width, height, depth, width, height);
		}
		double v = level.sigma * level.sigma;
		double[] w = new double[y.length];
		for (int i = 0; i < y.length; i++) {
			w[i] = v > 0 ? v / level.variance(smooth[i]) : 1;
		}
		return w;
	}

	/** Mean over 5 samples along the axis of this stride and length, edges clamped. */
	private static void box(double[] in, double[] out, int width, int height, int depth, int stride, int len) {
		for (int i = 0; i < in.length; i++) {
			int coord = (i / stride) % len;
			double s = 0;
			for (int d = -2; d <= 2; d++) {
				int c = Math.min(len - 1, Math.max(0, coord + d));
				s += in[i + (c - coord) * stride];
			}
			out[i] = s / 5;
		}
	}

	static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		int m = s.length / 2;
		return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
	}
}
