package cnnsandbox.deblur;

import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.DoubleFFT_2D;
import org.jtransforms.fft.DoubleFFT_3D;

/**
 * In-place complex FFTs (interleaved re, im; x fastest) of a 1-D, 2-D or 3-D grid, by JTransforms on all its threads
 * (a 1 x N or N x 1 signal is 1-D: JTransforms' 2-D transform refuses a side of 1).
 * Sizes are rounded up to products of 2, 3 and 5 ({@link #goodSize}): JTransforms falls back to Bluestein's
 * algorithm for other factors, several times slower.
 */
final class PaddedFft {
	final int nx;
	final int ny;
	final int nz;
	private final DoubleFFT_1D fft1;
	private final DoubleFFT_2D fft2;
	private final DoubleFFT_3D fft3;

	PaddedFft(int nx, int ny, int nz) {
		this.nx = nx;
		this.ny = ny;
		this.nz = nz;
		boolean line = nz == 1 && (nx == 1 || ny == 1);
		this.fft1 = line ? new DoubleFFT_1D((long) nx * ny) : null;
		this.fft2 = nz == 1 && !line ? new DoubleFFT_2D(ny, nx) : null;
		this.fft3 = nz == 1 ? null : new DoubleFFT_3D(nz, ny, nx);
	}

	int size() {
		return nx * ny * nz;
	}

	void forward(double[] c) {
		if (fft1 != null) {
			fft1.complexForward(c);
		} else if (fft2 != null) {
			fft2.complexForward(c);
		} else {
			fft3.complexForward(c);
		}
	}

	/** Inverse, scaled by 1/N. */
	void inverse(double[] c) {
		if (fft1 != null) {
			fft1.complexInverse(c, true);
		} else if (fft2 != null) {
			fft2.complexInverse(c, true);
		} else {
			fft3.complexInverse(c, true);
		}
	}

	/** The smallest n' >= n whose only prime factors are 2, 3 and 5. */
	static int goodSize(int n) {
		for (int m = Math.max(1, n);; m++) {
			int r = m;
			for (int p : new int[] { 2, 3, 5 }) {
				while (r % p == 0) {
					r /= p;
				}
			}
			if (r == 1) {
				return m;
			}
		}
	}
}
