package cnnsandbox.deblur;

/**
 * PSNR and SSIM of an estimate against a ground truth, as scikit-image computes them
 * ({@code peak_signal_noise_ratio}, {@code structural_similarity} with its defaults: 7 x 7 uniform window, K1 0.01,
 * K2 0.03, sample covariances, the border of 3 pixels left out), with the data range of the truth
 * (max - min). A stack's SSIM is the mean over its planes.
 */
public final class Metrics {
	private final double[] truth;
	private final int width;
	private final int height;
	private final int depth;
	private final double range;

	public Metrics(double[] truth, int width, int height, int depth) {
		if (truth.length != (long) width * height * depth) {
			throw new IllegalArgumentException("ground_truth must have the size of the input (" + width + " x " + height
					+ " x " + depth + "), it has " + truth.length + " pixels");
		}
		this.truth = truth;
		this.width = width;
		this.height = height;
		this.depth = depth;
		double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
		for (double v : truth) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		this.range = hi > lo ? hi - lo : 1;
	}

	/** The same truth in the units {@code (v - lo) / range} that a solver works in. */
	Metrics scaled(double lo, double range) {
		double[] t = new double[truth.length];
		for (int i = 0; i < t.length; i++) {
			t[i] = (truth[i] - lo) / range;
		}
		return new Metrics(t, width, height, depth);
	}

	public double psnr(double[] x) {
		double s = 0;
		for (int i = 0; i < x.length; i++) {
			double e = x[i] - truth[i];
			s += e * e;
		}
		return 10 * Math.log10(range * range / (s / x.length));
	}

	public double ssim(double[] x) {
		if (width < 7 || height < 7) {
			return Double.NaN;
		}
		double sum = 0;
		for (int z = 0; z < depth; z++) {
			sum += ssimPlane(x, z * width * height);
		}
		return sum / depth;
	}

	private double ssimPlane(double[] x, int base) {
		final int win = 7, half = 3, np = win * win;
		double c1 = Math.pow(0.01 * range, 2), c2 = Math.pow(0.03 * range, 2);
		double cov = np / (np - 1.0);
		double total = 0;
		int count = 0;
		for (int r = half; r < height - half; r++) {
			for (int c = half; c < width - half; c++) {
				double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
				for (int dr = -half; dr <= half; dr++) {
					int row = base + (r + dr) * width;
					for (int dc = -half; dc <= half; dc++) {
						double a = x[row + c + dc], b = truth[row + c + dc];
						mx += a;
						my += b;
						xx += a * a;
						yy += b * b;
						xy += a * b;
					}
				}
				mx /= np;
				my /= np;
				double vx = cov * (xx / np - mx * mx), vy = cov * (yy / np - my * my), vxy = cov * (xy / np - mx * my);
				total += ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
				count++;
			}
		}
		return total / count;
	}
}
