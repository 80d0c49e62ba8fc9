package cnnsandbox.deblur;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * regularizer=none with least squares: conjugate gradients on {@code min ||C (k * x) - y||^2} over the extended
 * domain (CGLS), where the iteration count is the regulariser. Early iterations recover the large, well-measured
 * structures; later ones fit the noise (semi-convergence, which ground_truth shows as PSNR rising, then falling). It
 * stops by the discrepancy principle, when the residual's rms falls to the estimated noise level. Without a stop
 * the same problem solved exactly (ADMM with no penalty) is the inverse filter, which amplifies the noise without
 * bound (measured: -64 dB on camera).
 */
final class ConjugateGradientLs {
	private ConjugateGradientLs() {
	}

	static DeblurResult run(double[] y, int width, int height, int depth, DeblurSettings s, double sigma,
			Metrics metrics, DeblurListener listener, BooleanSupplier cancelled) {
		BoundaryFreeRestorer grid = new BoundaryFreeRestorer(Deblurrer.psfFor(s, depth), width, height, depth);
		int n = grid.gridSize();
		int m = y.length;
		int[] map = grid.observedIndices(m);
		double mean = 0;
		for (double v : y) mean += v;
		mean /= m;
		double[] x = new double[n];
		java.util.Arrays.fill(x, mean);
		for (int p = 0; p < m; p++) x[map[p]] = y[p];
		double[] full = new double[n];
		double[] r = new double[m];
		grid.convolve(x, full);
		for (int p = 0; p < m; p++) r[p] = y[p] - full[map[p]];
		double[] sGrad = new double[n];
		adjoint(grid, map, r, full, sGrad);
		double[] dir = sGrad.clone();
		double gamma = dot(sGrad, sGrad);
		double[] q = new double[m];
		double[] crop = new double[m];
		List<LogRow> log = new ArrayList<>();
		String reason = "reached the cap of iterations=" + s.iterations;
		int logEvery = Math.max(1, Math.min(s.logEvery, 5));
		long t0 = System.nanoTime();
		for (int it = 0; it < s.iterations; it++) {
			double res = dot(r, r);
			boolean discrepancy = res / m <= sigma * sigma;
			if (it % logEvery == 0 || discrepancy || it == s.iterations - 1) {
				for (int p = 0; p < m; p++) crop[p] = x[map[p]];
				log.add(LogRow.of(it, res, crop, t0, metrics));
			}
			if (discrepancy) {
				reason = Deblurrer.discrepancyReason(res, m, sigma, it);
				break;
			}
			grid.convolve(dir, full);
			for (int p = 0; p < m; p++) q[p] = full[map[p]];
			double qq = dot(q, q);
			if (!(qq > 0)) {
				reason = "converged (no descent direction left) at iteration " + it;
				break;
			}
			double alpha = gamma / qq;
			for (int i = 0; i < n; i++) x[i] += alpha * dir[i];
			for (int p = 0; p < m; p++) r[p] -= alpha * q[p];
			adjoint(grid, map, r, full, sGrad);
			double next = dot(sGrad, sGrad);
			double beta = next / gamma;
			gamma = next;
			for (int i = 0; i < n; i++) dir[i] = sGrad[i] + beta * dir[i];
			if (cancelled != null && cancelled.getAsBoolean()) {
				throw new CancellationException("deblurring cancelled at iteration " + it);
			}
			if (listener != null) {
				listener.progress(it + 1, Math.min(s.iterations, Math.max(100, 2 * (it + 1))));
			}
		}
		grid.convolve(x, full);
		return DeblurResult.cropped(x, full, map, log, width, height, depth, sigma, reason, String.format(Locale.ROOT,
				"least squares, no penalty: conjugate gradients stopped early, boundary unknown, noise sd %.4g (estimated)", sigma));
	}

	/** out = K^T C^T r on the grid. */
	private static void adjoint(BoundaryFreeRestorer grid, int[] map, double[] r, double[] scratch, double[] out) {
		java.util.Arrays.fill(scratch, 0);
		for (int p = 0; p < map.length; p++) scratch[map[p]] = r[p];
		grid.correlate(scratch, out);
	}

	private static double dot(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += a[i] * b[i];
		return s;
	}
}
