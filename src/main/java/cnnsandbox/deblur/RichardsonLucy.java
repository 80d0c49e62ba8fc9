package cnnsandbox.deblur;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * noise=poisson: Richardson-Lucy on the extended domain (boundary unknown), read as the workshop reads every
 * solver, as descent in a metric. The Poisson negative log-likelihood {@code L(x) = sum_obs (Kx - y log Kx)} has
 * the gradient {@code K^T C^T (1 - y / Kx)}; taking it in the metric {@code diag(K^T C^T 1 / x)} (steps
 * proportional to x itself, which keeps x >= 0) with step 1 gives exactly
 * {@code x <- x * K^T C^T (y / Kx) / K^T C^T 1}, the multiplicative RL update. The iteration is its own
 * regulariser (semi-convergence): it stops by the discrepancy principle, when the mean squared residual on the
 * observed pixels falls to the estimated noise variance, or when x changes by less than the tolerance.
 */
final class RichardsonLucy {
	private RichardsonLucy() {
	}

	static DeblurResult run(double[] y, int width, int height, int depth, DeblurSettings s, double sigma,
			Metrics metrics, DeblurListener listener, BooleanSupplier cancelled) {
		for (double v : y) {
			if (v < 0) {
				throw new IllegalArgumentException("noise=poisson needs counts >= 0, the image has negative values;"
						+ " use noise=gaussian or subtract less background");
			}
		}
		BoundaryFreeRestorer grid = new BoundaryFreeRestorer(Deblurrer.psfFor(s, depth), width, height, depth);
		int n = grid.gridSize();
		int m = y.length;
		int[] map = grid.observedIndices(m);
		double mean = 0;
		for (double v : y) mean += v;
		mean /= m;
		double[] x = new double[n];
		java.util.Arrays.fill(x, Math.max(mean, 1e-12));
		double[] mask = new double[n];
		for (int i : map) mask[i] = 1;
		double[] norm = new double[n];
		grid.correlate(mask, norm);
		double[] kx = new double[n];
		double[] ratio = new double[n];
		double[] back = new double[n];
		List<LogRow> log = new ArrayList<>();
		String reason = "reached the cap of iterations=" + s.iterations;
		long t0 = System.nanoTime();
		int logEvery = Math.max(1, Math.min(s.logEvery, 5));
		double[] crop = new double[m];
		int it = 0;
		for (; it < s.iterations; it++) {
			grid.convolve(x, kx);
			double res = 0, nll = 0;
			java.util.Arrays.fill(ratio, 0);
			for (int p = 0; p < m; p++) {
				int i = map[p];
				double k = Math.max(kx[i], 1e-12);
				ratio[i] = y[p] / k;
				res += (k - y[p]) * (k - y[p]);
				nll += k - (y[p] > 0 ? y[p] * Math.log(k) : 0);
				crop[p] = x[i];
			}
			boolean discrepancy = res / m <= sigma * sigma;
			if (it % logEvery == 0 || discrepancy) {
				log.add(LogRow.of(it, nll, crop, t0, metrics));
			}
			if (discrepancy) {
				reason = Deblurrer.discrepancyReason(res, m, sigma, it);
				break;
			}
			grid.correlate(ratio, back);
			double change = 0, size = 0;
			for (int i = 0; i < n; i++) {
				double nx = norm[i] > 1e-12 ? x[i] * back[i] / norm[i] : x[i];
				change += (nx - x[i]) * (nx - x[i]);
				size += nx * nx;
				x[i] = nx;
			}
			if (Math.sqrt(change / Math.max(size, 1e-300)) < s.tolerance) {
				reason = String.format(Locale.ROOT, "x changed by less than %.2g (relative) at iteration %d", s.tolerance, it);
				it++;
				break;
			}
			if (cancelled != null && cancelled.getAsBoolean()) {
				throw new CancellationException("deblurring cancelled at iteration " + it);
			}
			if (listener != null) {
				listener.progress(it + 1, s.iterations);
			}
		}
		grid.convolve(x, kx);
		return DeblurResult.cropped(x, kx, map, log, width, height, depth, sigma, reason, String.format(Locale.ROOT,
				"Poisson likelihood: Richardson-Lucy (descent in the metric diag(K^T 1 / x)), boundary unknown, noise sd %.4g"
						+ " (estimated)", sigma));
	}
}
