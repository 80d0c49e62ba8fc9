package cnnsandbox.visualize;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * The share of an image's energy at high spatial frequencies: sum of |FFT|^2 over the frequencies with
 * |omega| > pi / 2 (the upper half of the band, radians per pixel, omega^2 = omega_x^2 + omega_y^2), divided by the
 * sum over all non-zero frequencies (the mean is left out, so brightness does not count). How Visualize Neuron's
 * metrics are compared: a smoother image has a smaller share.
 */
public final class HighFrequencyEnergy {

	private HighFrequencyEnergy() {}

	/** The share, in [0, 1], of the image {@code pixels} (rows x cols, row-major); 0 for a constant image. */
	public static double share(float[] pixels, int rows, int cols) {
		double[] a = new double[2 * rows * cols];
		for (int i = 0; i < rows * cols; i++) a[2 * i] = pixels[i];
		new DoubleFFT_2D(rows, cols).complexForward(a);
		double high = 0, all = 0;
		for (int r = 0; r < rows; r++) {
			double wy = 2 * Math.PI * Math.min(r, rows - r) / rows;
			for (int c = 0; c < cols; c++) {
				if (r == 0 && c == 0) continue;
				double wx = 2 * Math.PI * Math.min(c, cols - c) / cols;
				int k = 2 * (r * cols + c);
				double e = a[k] * a[k] + a[k + 1] * a[k + 1];
				all += e;
				if (wx * wx + wy * wy > Math.PI * Math.PI / 4) high += e;
			}
		}
		return all > 0 ? high / all : 0;
	}
}
