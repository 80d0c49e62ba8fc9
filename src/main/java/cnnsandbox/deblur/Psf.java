package cnnsandbox.deblur;

/**
 * A point-spread function on a width x height x depth grid (x fastest), normalised to sum 1, with the pixel that
 * lands on the origin ({@link #cx}, {@link #cy}, {@link #cz}).
 * <p>
 * A measured PSF is cleaned, normalised and centred as DeconvolutionLab2 users expect: negative values (background
 * subtraction) are set to 0, the rest divided by its sum, and the centre is the intensity centroid rounded to the
 * nearest pixel, so a bead image need not be cropped symmetrically. A Gaussian uses the workshop's taps
 * ({@link GaussianKernel}) along each axis.
 */
public final class Psf {
	public final double[] values;
	public final int width;
	public final int height;
	public final int depth;
	public final int cx;
	public final int cy;
	public final int cz;

	private Psf(double[] values, int width, int height, int depth, int cx, int cy, int cz) {
		this.values = values;
		this.width = width;
		this.height = height;
		this.depth = depth;
		this.cx = cx;
		this.cy = cy;
		this.cz = cz;
	}

	/** The separable Gaussian with these sigmas in pixels; sigmaZ 0 (or a 2-D image) gives a 2-D PSF. */
	public static Psf gaussian(double sigma, double sigmaZ) {
		double[] t = GaussianKernel.taps(sigma);
		double[] tz = sigmaZ > 0 ? GaussianKernel.taps(sigmaZ) : new double[] { 1 };
		int m = t.length;
		double[] v = new double[m * m * tz.length];
		int i = 0;
		for (int z = 0; z < tz.length; z++) {
			for (int r = 0; r < m; r++) {
				for (int c = 0; c < m; c++) {
					v[i++] = tz[z] * t[r] * t[c];
				}
			}
		}
		return new Psf(v, m, m, tz.length, m / 2, m / 2, tz.length / 2);
	}

	/** A measured PSF image (x fastest); refuses one without any positive value. */
	public static Psf fromImage(double[] image, int width, int height, int depth) {
		if (image.length != (long) width * height * depth) {
			throw new IllegalArgumentException("the psf has " + image.length + " values, expected " + width + " x " + height
					+ " x " + depth);
		}
		double[] v = new double[image.length];
		double sum = 0, sx = 0, sy = 0, sz = 0;
		for (int i = 0; i < v.length; i++) {
			double a = image[i];
			if (!Double.isFinite(a)) {
				throw new IllegalArgumentException("psf: the image contains NaN or infinite values; replace them first");
			}
			a = Math.max(0, a);
			v[i] = a;
			sum += a;
			sx += a * (i % width);
			sy += a * ((i / width) % height);
			sz += a * (i / ((long) width * height));
		}
		if (!(sum > 0)) {
			throw new IllegalArgumentException("psf: the image has no positive value; give an image of the blur of a point");
		}
		for (int i = 0; i < v.length; i++) {
			v[i] /= sum;
		}
		return new Psf(v, width, height, depth, (int) Math.round(sx / sum), (int) Math.round(sy / sum),
				(int) Math.round(sz / sum));
	}

	/**
	 * How far the PSF's non-zero values reach from its centre along x, y and z (the margin of the extended domain;
	 * zeros around a measured PSF do not widen it).
	 */
	int[] reach() {
		int[] r = new int[3];
		for (int i = 0; i < values.length; i++) {
			if (values[i] > 0) {
				r[0] = Math.max(r[0], Math.abs(i % width - cx));
				r[1] = Math.max(r[1], Math.abs((i / width) % height - cy));
				r[2] = Math.max(r[2], Math.abs(i / (width * height) - cz));
			}
		}
		return r;
	}
}
