package cnnsandbox.deblur;

import cnnsandbox.options.Options;

/**
 * The workshop's blur kernel: scipy {@code get_window(('gaussian', sigma), M)} with
 * {@code M = 2*floor(6*sigma/2) + 1}, normalised to sum 1.
 * <p>
 * {@code w[n] = exp(-0.5 * ((n - (M-1)/2) / sigma)^2)}, n = 0..M-1. The taps are symmetric, so the
 * convolution and its adjoint use the same filter.
 */
public final class GaussianKernel {

	private GaussianKernel() {
	}

	/** The largest sigma: 2 million taps. */
	public static final double MAX_SIGMA = 333_333;

	/** The one check of a sigma (settings check it where it enters; the kernel again, with the same words). */
	public static double checkSigma(String key, double sigma) {
		return Options.positiveAtMost(key, sigma, MAX_SIGMA);
	}

	/** Number of taps, always odd: {@code 2*floor(6*sigma/2) + 1} (181 for sigma 30). */
	public static int size(double sigma) {
		checkSigma("sigma", sigma);
		return 2 * (int) Math.floor(6 * sigma / 2) + 1;
	}

	/** The normalised taps, centre at index {@code size/2}. */
	public static double[] taps(double sigma) {
		int m = size(sigma);
		double centre = (m - 1) / 2.0;
		double[] w = new double[m];
		double sum = 0;
		for (int n = 0; n < m; n++) {
			double u = (n - centre) / sigma;
			w[n] = Math.exp(-0.5 * u * u);
			sum += w[n];
		}
		for (int n = 0; n < m; n++) {
			w[n] /= sum;
		}
		return w;
	}
}
