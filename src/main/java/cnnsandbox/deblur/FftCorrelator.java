package cnnsandbox.deblur;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The 1-D "same"-size, zero-padded correlation of {@link BlurOperator} through a zero-padded real FFT:
 * {@code out[i] = sum_j k[j] in[i + j - h]} is sample {@code i + h} of the full linear convolution of {@code in}
 * with the reversed taps, and a transform of length >= n + M - 1 holds that convolution without wrap-around.
 * <p>
 * Why: the workshop problem (601 samples, 181 taps) costs 2 x 601 x 181 multiply-adds per iteration directly
 * (~44 us measured, the FLOP limit near 10 us) against four 1024-point real FFTs here. The result differs from the
 * direct sum by rounding only (~1e-16 relative); the workshop's losses are unchanged to 6 digits (WorkshopDeblurTest).
 * Not thread-safe (one work buffer).
 */
final class FftCorrelator {
	private final int n;
	private final int h;
	private final int size;
	private final DoubleFFT_1D fft;
	private final double[] spectrum;
	private final double[] work;

	/** For signals of length n and odd-length taps k (centre k.length / 2). */
	FftCorrelator(double[] k, int n) {
		this.n = n;
		this.h = k.length / 2;
		this.size = Integer.highestOneBit(Math.max(2, n + k.length - 1) - 1) << 1;
		this.fft = new DoubleFFT_1D(size);
		this.spectrum = new double[size];
		for (int j = 0; j < k.length; j++) {
			spectrum[j] = k[k.length - 1 - j];
		}
		fft.realForward(spectrum);
		this.work = new double[size];
	}

	/** Whether the FFT is expected to beat the direct sum (measured crossover: a few dozen taps at n ~ 600). */
	static boolean worthIt(int n, int taps) {
		int size = Integer.highestOneBit(Math.max(2, n + taps - 1) - 1) << 1;
		double fftCost = 6.0 * size * (31 - Integer.numberOfLeadingZeros(size)); // ~2 transforms, per FLOP of a tap
		return (double) n * taps > fftCost;
	}

	/** out[i] = sum_j k[j] in[i + j - h], i in [0, n). */
	void correlate(double[] in, double[] out) {
		double[] a = work;
		System.arraycopy(in, 0, a, 0, n);
		java.util.Arrays.fill(a, n, size, 0);
		fft.realForward(a);
		double[] s = spectrum;
		// packed real-FFT layout: a[0] = Re(0), a[1] = Re(size/2), then (Re, Im) pairs
		a[0] *= s[0];
		a[1] *= s[1];
		for (int i = 2; i < size; i += 2) {
			double re = a[i] * s[i] - a[i + 1] * s[i + 1];
			double im = a[i] * s[i + 1] + a[i + 1] * s[i];
			a[i] = re;
			a[i + 1] = im;
		}
		fft.realInverse(a, true);
		System.arraycopy(a, h, out, 0, n);
	}
}
