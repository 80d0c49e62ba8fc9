package cnnsandbox.deblur;

import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.DoubleFFT_2D;

/**
 * A metric whose inverse is a positive Fourier multiplier m(omega) applied on a zero-padded domain:
 * {@code direction = crop(IFFT(m * FFT(pad(g))))}. The padded circulant operator is symmetric positive definite,
 * and so is its restriction to the image, so the direction is always a descent direction; the padding
 * (at least the kernel width) keeps the wrap-around from mixing opposite borders.
 * <p>
 * Frequencies omega are in radians per pixel, in [-pi, pi]; in 2-D omega^2 = omega_x^2 + omega_y^2.
 * <p>
 * Caveat, measured: the restriction of a padded inverse is not the inverse of the restricted operator. For a
 * multiplier that approximates (K^T K + epsilon)^-1 the preconditioned Hessian then has boundary eigenvalues far
 * above 1 (3.5 at epsilon 1e-2, 160 at 1e-4 on the workshop signal), which makes learning rate 1 diverge; that is
 * why {@link RegularisedNewtonMetric} inverts exactly instead. The Sobolev multiplier is mild enough (largest
 * eigenvalue 0.13 on the workshop signal, against 0.02 for L2) to stay stable.
 */
final class FourierMultiplierMetric implements DescentMetric {

	/** A multiplier as a function of the (absolute) angular frequencies along x and y. */
	interface Multiplier {
		double at(double omegaX, double omegaY);
	}

	private final SignalShape shape;
	private final int paddedWidth;
	private final int paddedHeight;
	private final double[] multiplier; // 1-D: per rfft packed index pair; 2-D: per (row, column) frequency
	private final double[] buffer;
	private final DoubleFFT_1D fft1;
	private final DoubleFFT_2D fft2;

	/**
	 * Sobolev-type sharpening metric: m(omega) = 1 + (sigma * omega)^2. It boosts the frequencies above the blur
	 * cut-off 1/sigma, which L2 descent almost never updates; since exp(-u)(1 + u) <= 1, the preconditioned
	 * Hessian keeps the L2 one's largest eigenvalue, so a learning rate that was stable stays stable.
	 */
	static FourierMultiplierMetric sobolev(double sigma, int width, int height) {
		double s2 = sigma * sigma;
		return new FourierMultiplierMetric(width, height, GaussianKernel.size(sigma) - 1,
				(wx, wy) -> 1 + s2 * (wx * wx + wy * wy));
	}

	/**
	 * The Sobolev H^1 metric M = I - sigma^2 Laplacian, multiplier 1 / (1 + (sigma * omega)^2): the inverse of
	 * {@link #sobolev}. Where a deblurring descent must reach the high frequencies, a gradient ascent on an image
	 * (Visualize Neuron) should not: this metric damps them, smoothing the step over about sigma pixels.
	 */
	static FourierMultiplierMetric sobolevSmoothing(double sigma, int width, int height) {
		double s2 = sigma * sigma;
		return new FourierMultiplierMetric(width, height, GaussianKernel.size(sigma) - 1,
				(wx, wy) -> 1 / (1 + s2 * (wx * wx + wy * wy)));
	}

	/**
	 * The Gram operator of the Gaussian blur, K^T K + epsilon, as its Fourier multiplier
	 * (exp(-(sigma * omega)^2) + epsilon) / (1 + epsilon), 1 at omega = 0: the operator that
	 * {@link RegularisedNewtonMetric} inverts, applied instead. A step in this metric is the step of an ascent on
	 * a latent image z with x = K z (a blurred image), plus epsilon of the plain step.
	 */
	static FourierMultiplierMetric blurGram(double sigma, double epsilon, int width, int height) {
		double s2 = sigma * sigma;
		return new FourierMultiplierMetric(width, height, GaussianKernel.size(sigma) - 1,
				(wx, wy) -> (Math.exp(-s2 * (wx * wx + wy * wy)) + epsilon) / (1 + epsilon));
	}

	FourierMultiplierMetric(int width, int height, int padding, Multiplier m) {
		this.shape = new SignalShape(width, height);
		if (shape.isOneDimensional()) {
			int n = shape.length();
			int len = evenSmoothSize(n + padding);
			paddedWidth = len;
			paddedHeight = 1;
			multiplier = new double[len / 2 + 1];
			for (int k = 0; k <= len / 2; k++) {
				multiplier[k] = m.at(2 * Math.PI * k / len, 0);
			}
			buffer = new double[len];
			fft1 = new DoubleFFT_1D(len);
			fft2 = null;
		} else {
			paddedWidth = evenSmoothSize(width + padding);
			paddedHeight = evenSmoothSize(height + padding);
			multiplier = new double[paddedWidth * paddedHeight];
			for (int r = 0; r < paddedHeight; r++) {
				double wy = 2 * Math.PI * Math.min(r, paddedHeight - r) / paddedHeight;
				for (int c = 0; c < paddedWidth; c++) {
					double wx = 2 * Math.PI * Math.min(c, paddedWidth - c) / paddedWidth;
					multiplier[r * paddedWidth + c] = m.at(wx, wy);
				}
			}
			buffer = new double[2 * paddedWidth * paddedHeight];
			fft1 = null;
			fft2 = new DoubleFFT_2D(paddedHeight, paddedWidth);
		}
		for (double v : multiplier) {
			if (!(v > 0) || Double.isInfinite(v)) {
				throw new IllegalArgumentException("metric multiplier must be finite and > 0, got " + v);
			}
		}
	}

	@Override
	public void direction(double[] gradient, double[] out) {
		if (shape.isOneDimensional()) {
			direction1d(gradient, out);
		} else {
			direction2d(gradient, out);
		}
	}

	private void direction1d(double[] g, double[] out) {
		int n = shape.length();
		int len = paddedWidth;
		System.arraycopy(g, 0, buffer, 0, n);
		java.util.Arrays.fill(buffer, n, len, 0);
		fft1.realForward(buffer);
		// JTransforms packed layout (even length): a[0] = Re[0], a[1] = Re[len/2], a[2k], a[2k+1] = Re, Im of k.
		buffer[0] *= multiplier[0];
		buffer[1] *= multiplier[len / 2];
		for (int k = 1; k < len / 2; k++) {
			buffer[2 * k] *= multiplier[k];
			buffer[2 * k + 1] *= multiplier[k];
		}
		fft1.realInverse(buffer, true);
		System.arraycopy(buffer, 0, out, 0, n);
	}

	private void direction2d(double[] g, double[] out) {
		int w = shape.width;
		int h = shape.height;
		int pw = paddedWidth;
		java.util.Arrays.fill(buffer, 0);
		for (int r = 0; r < h; r++) {
			int src = r * w;
			int dst = 2 * r * pw;
			for (int c = 0; c < w; c++) {
				buffer[dst + 2 * c] = g[src + c];
			}
		}
		fft2.complexForward(buffer);
		for (int i = 0; i < multiplier.length; i++) {
			buffer[2 * i] *= multiplier[i];
			buffer[2 * i + 1] *= multiplier[i];
		}
		fft2.complexInverse(buffer, true);
		for (int r = 0; r < h; r++) {
			int dst = r * w;
			int src = 2 * r * pw;
			for (int c = 0; c < w; c++) {
				out[dst + c] = buffer[src + 2 * c];
			}
		}
	}

	/** Smallest even n' >= n whose only prime factors are 2, 3 and 5 (JTransforms' fast mixed-radix sizes). */
	static int evenSmoothSize(int n) {
		for (int m = Math.max(2, n); ; m++) {
			if (m % 2 == 0 && isSmooth(m)) {
				return m;
			}
		}
	}

	private static boolean isSmooth(int m) {
		for (int p : new int[] {2, 3, 5}) {
			while (m % p == 0) {
				m /= p;
			}
		}
		return m == 1;
	}
}
