package cnnsandbox.deblur;

import java.util.Arrays;

import cnnsandbox.backend.Threads;

/**
 * The blur K: a "same"-size, zero-padded Gaussian convolution, exactly PyTorch's
 * {@code Conv1d(padding = M/2)}: {@code out[i] = sum_j k[j] * x[i + j - M/2]} with x = 0 outside the signal.
 * A 2-D image is blurred separably (rows, then columns); a 1-D signal (width or height 1) along its length.
 * <p>
 * The loops run over the output index for each tap (AXPY form) rather than as per-output dot products:
 * HotSpot C2 vectorises the former, which makes the workshop's 30001 iterations take well under a second.
 * Not thread-safe (one scratch buffer for the 2-D case); a 2-D image is split into bands of rows over the batch
 * threads ({@link Threads}).
 */
public final class BlurOperator {
	private final SignalShape shape;
	private final double[] taps;
	private final double[] reversedTaps;
	private final double[] scratch;
	/** Long 1-D kernels: the same correlations by FFT (null: direct sums). */
	private final FftCorrelator fftTaps;
	private final FftCorrelator fftReversed;

	public BlurOperator(double sigma, int width, int height) {
		this(GaussianKernel.taps(sigma), width, height);
	}

	/** A convolution with arbitrary odd-length taps (centre at {@code taps.length/2}). */
	BlurOperator(double[] taps, int width, int height) {
		if (taps.length % 2 != 1) {
			throw new IllegalArgumentException("the kernel must have an odd number of taps, got " + taps.length);
		}
		this.shape = new SignalShape(width, height);
		this.taps = taps.clone();
		this.reversedTaps = new double[taps.length];
		for (int j = 0; j < taps.length; j++) {
			reversedTaps[j] = taps[taps.length - 1 - j];
		}
		this.scratch = shape.isOneDimensional() ? null : new double[shape.length()];
		boolean fft = shape.isOneDimensional() && FftCorrelator.worthIt(shape.length(), taps.length);
		this.fftTaps = fft ? new FftCorrelator(this.taps, shape.length()) : null;
		this.fftReversed = fft ? new FftCorrelator(this.reversedTaps, shape.length()) : null;
	}

	public int width() {
		return shape.width;
	}

	public int height() {
		return shape.height;
	}

	/** The taps (a copy). */
	public double[] taps() {
		return taps.clone();
	}

	/** out = K x. {@code out} must not alias {@code x}. */
	public void apply(double[] x, double[] out) {
		if (fftTaps != null) {
			checkLengths(x, out);
			fftTaps.correlate(x, out);
			return;
		}
		convolve(taps, x, out);
	}

	/** out = K^T r: the same loops with the mirrored kernel (equal to K for a Gaussian). */
	public void applyAdjoint(double[] r, double[] out) {
		if (fftReversed != null) {
			checkLengths(r, out);
			fftReversed.correlate(r, out);
			return;
		}
		convolve(reversedTaps, r, out);
	}

	private void checkLengths(double[] in, double[] out) {
		int n = shape.length();
		if (in.length != n || out.length != n) {
			throw new IllegalArgumentException("expected arrays of length " + n + ", got " + in.length + " and " + out.length);
		}
	}

	private void convolve(double[] k, double[] in, double[] out) {
		int n = shape.length();
		checkLengths(in, out);
		if (shape.isOneDimensional()) {
			Arrays.fill(out, 0);
			correlateRow(k, in, out, 0, n);
		} else {
			// Rows then columns; for the adjoint the order would swap, but row and column passes commute.
			// Rows, then bands of output rows, on all the batch threads: each output value is computed by the same
			// sums whatever the thread count, so results do not depend on it.
			int w = shape.width;
			int hgt = shape.height;
			int minRows = Math.max(1, (1 << 16) / w);
			Threads.parallelFor(hgt, minRows, (from, to) -> {
				Arrays.fill(scratch, from * w, to * w, 0);
				for (int r = from; r < to; r++) {
					correlateRow(k, in, scratch, r * w, w);
				}
				return 0;
			});
			Threads.parallelFor(hgt, minRows, (from, to) -> {
				Arrays.fill(out, from * w, to * w, 0);
				correlateColumns(k, scratch, out, w, hgt, from, to);
				return 0;
			});
		}
	}

	/**
	 * out[base+i] += sum_j k[j] * in[base+i+j-h] over one contiguous row of length n. Taps go four at a time over
	 * the range where all four are inside the row, so out[] is loaded and stored once per four taps; the few
	 * leftover edge samples go tap by tap.
	 */
	private static void correlateRow(double[] k, double[] in, double[] out, int base, int n) {
		int h = k.length / 2;
		int j = 0;
		for (; j + 3 < k.length; j += 4) {
			int off = j - h;
			int lo = Math.max(0, -off);          // valid start of tap j, the latest of the four
			int hi = Math.min(n, n - (off + 3)); // valid end of tap j+3, the earliest of the four
			double k0 = k[j];
			double k1 = k[j + 1];
			double k2 = k[j + 2];
			double k3 = k[j + 3];
			for (int i = base + lo; i < base + hi; i++) {
				int s = i + off;
				out[i] += k0 * in[s] + k1 * in[s + 1] + k2 * in[s + 2] + k3 * in[s + 3];
			}
			for (int t = 0; t < 4; t++) {
				int o = off + t;
				int tLo = Math.max(0, -o);
				int tHi = Math.min(n, n - o);
				int mid = Math.max(lo, Math.min(hi, tHi));
				double kt = k[j + t];
				for (int i = base + tLo; i < base + Math.min(lo, tHi); i++) {
					out[i] += kt * in[i + o];
				}
				for (int i = base + Math.max(mid, tLo); i < base + tHi; i++) {
					out[i] += kt * in[i + o];
				}
			}
		}
		for (; j < k.length; j++) {
			int off = j - h;
			int lo = Math.max(0, -off);
			int hi = Math.min(n, n - off);
			double kj = k[j];
			for (int i = base + lo; i < base + hi; i++) {
				out[i] += kj * in[i + off];
			}
		}
	}

	/** The same along columns for output rows [from, to): whole rows are AXPY'd so the inner loop is contiguous. */
	private static void correlateColumns(double[] k, double[] in, double[] out, int w, int hgt, int from, int to) {
		int h = k.length / 2;
		for (int j = 0; j < k.length; j++) {
			int off = j - h;
			int lo = Math.max(from, -off);
			int hi = Math.min(to, hgt - off);
			double kj = k[j];
			for (int r = lo; r < hi; r++) {
				int dst = r * w;
				int src = (r + off) * w;
				for (int i = 0; i < w; i++) {
					out[dst + i] += kj * in[src + i];
				}
			}
		}
	}
}
