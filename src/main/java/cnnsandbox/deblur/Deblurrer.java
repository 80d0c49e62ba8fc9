package cnnsandbox.deblur;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Recovers x from y = k * x by first-order descent on {@code loss(x) = dx * ||Kx - y||^2}, exactly the workshop's
 * loop: each iteration evaluates the loss and its gradient at the current x, turns the gradient into a direction
 * with the chosen {@link DescentMetric}, and lets the optimiser step. Iterations 0, logEvery, 2 logEvery, ... and
 * the final one are logged with the loss and K x <em>before</em> their step, as the workshop prints them.
 */
public final class Deblurrer {
	/** Progress is reported, and cancellation checked, this often. */
	public static final int PROGRESS_EVERY = 100;
	private static final int CANCEL_CHECK_EVERY = 16;

	private Deblurrer() {
	}

	/** Below this noise level (relative to the data's range) auto treats the data as noise-free (the workshop). */
	public static final double NO_NOISE = 1e-4;

	public static DeblurResult run(double[] y, int width, int height, DeblurSettings s, DeblurListener listener,
			BooleanSupplier cancelled) {
		return run(y, width, height, 1, s, null, listener, cancelled, false);
	}

	/**
	 * Deblurs a width x height x depth volume (x fastest). With noise=none, or auto finding no noise, the workshop's
	 * descent runs on each plane (a volume's planes one after the other, the log rows of all planes in order);
	 * otherwise the regularised solver on the whole volume ({@link BoundaryFreeRestorer}). {@code truth}, when not
	 * null, adds PSNR and SSIM to the regularised solver's log rows. With {@code keepOnStop}, a stop of the workshop's
	 * descent returns x as it is then ({@link DeblurResult#stoppedAt}) instead of throwing CancellationException (the
	 * regularised solvers stop by themselves within seconds, and a stop there still throws).
	 */
	public static DeblurResult run(double[] y, int width, int height, int depth, DeblurSettings s, double[] truth,
			DeblurListener listener, BooleanSupplier cancelled, boolean keepOnStop) {
		if (s == null) {
			throw new IllegalArgumentException("settings must not be null");
		}
		s.validate();
		if (y == null) {
			throw new IllegalArgumentException("the image must not be null");
		}
		if (depth < 1 || y.length != (long) width * height * depth) {
			throw new IllegalArgumentException("the image has " + y.length + " pixels, expected " + width + " x " + height
					+ " x " + depth + " = " + (long) width * height * depth);
		}
		checkImage(y, width, height * depth);
		Metrics metrics = truth == null ? null : new Metrics(truth, width, height, depth);
		double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
		for (double v : y) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		double range = hi > lo ? hi - lo : 1;
		double sigma = Double.NaN;
		NoiseModel noise = s.noise;
		if (noise != NoiseModel.NONE) {
			sigma = NoiseEstimator.sigma(y, width, height, depth);
			if (noise == NoiseModel.AUTO) {
				noise = sigma <= NO_NOISE * range ? NoiseModel.NONE : NoiseModel.GAUSSIAN;
			}
		}
		if (noise == NoiseModel.NONE) {
			if (s.psf != null) {
				throw new IllegalArgumentException("psf: the workshop's descent (noise=none, or auto on noise-free data)"
						+ " uses the Gaussian of sigma; set noise=gaussian to deblur with a measured psf");
			}
			DeblurResult r = depth == 1 ? descent(y, width, height, s, metrics, listener, cancelled, keepOnStop)
					: planeByPlane(y, width, height, depth, s, listener, cancelled, keepOnStop);
			// noiseSigma stays NaN: the workshop's table keeps its columns
			r.method = "the workshop's descent (metric=" + s.metric.label() + (s.noise == NoiseModel.AUTO
					? String.format(java.util.Locale.ROOT, "; auto found no noise: sd %.3g", sigma) : "") + ")";
			return r;
		}
		return regularised(y, width, height, depth, s, noise, sigma, range, lo, metrics, listener, cancelled);
	}

	private static DeblurResult regularised(double[] y, int width, int height, int depth, DeblurSettings s,
			NoiseModel noise, double sigma, double range, double lo, Metrics metrics, DeblurListener listener,
			BooleanSupplier cancelled) {
		if (noise == NoiseModel.POISSON) {
			return RichardsonLucy.run(y, width, height, depth, s, sigma, metrics, listener, cancelled);
		}
		Regularizer reg = s.regularizer;
		if (reg == Regularizer.NONE) {
			return ConjugateGradientLs.run(y, width, height, depth, s, sigma, metrics, listener, cancelled);
		}
		// the rules and ADMM penalties are stated for data of range 1
		double[] scaled = new double[y.length];
		for (int i = 0; i < y.length; i++) {
			scaled[i] = (y[i] - lo) / range;
		}
		NoiseEstimator.NoiseLevel level = NoiseEstimator.estimate(scaled, width, height, depth);
		// noise=gaussian on clean data: a floor keeps the weights, and so the division in Fourier space, away from 0
		double sigmaN = Math.max(level.sigma, NO_NOISE);
		// auto: a data term weighted by the variance fitted against the intensity (Poisson's grows with it)
		double[] dataWeight = s.noise == NoiseModel.AUTO ? NoiseEstimator.dataWeights(level, scaled, width, height, depth) : null;
		double[] weights = WeightRule.weights(reg, sigmaN, s.weight);
		Psf psf = psfFor(s, depth);
		BoundaryFreeRestorer solver = new BoundaryFreeRestorer(psf, width, height, depth);
		Metrics m = metrics == null ? null : metrics.scaled(lo, range);
		BoundaryFreeRestorer.Outcome o = solver.run(scaled, dataWeight, weights[0], weights[1], s.positive, -lo / range, s.iterations, s.tolerance,
				Math.max(1, Math.min(s.logEvery, 5)), m, listener, cancelled);
		double[] x = o.x;
		double[] kx = o.kx;
		for (int i = 0; i < x.length; i++) {
			x[i] = x[i] * range + lo;
			kx[i] = kx[i] * range + lo;
		}
		List<LogRow> log = new ArrayList<>();
		for (LogRow r : o.log) {
			// the objective in the data's own units
			LogRow back = new LogRow(r.iteration, r.loss * range * range, r.maxAbsX * range, r.seconds);
			log.add(Double.isNaN(r.psnr) ? back : back.withQuality(r.psnr, r.ssim));
		}
		List<double[]> snapshots = new ArrayList<>();
		snapshots.add(kx.clone());
		DeblurResult result = new DeblurResult(x, kx, snapshots, log, width, height);
		result.depth = depth;
		result.noiseSigma = sigma;
		result.weight = weights[0] > 0 ? weights[0] : weights[1];
		result.stopReason = o.stopReason;
		result.method = String.format(java.util.Locale.ROOT, "least squares + %s, weight %s (%s, for data scaled to"
				+ " range 1), noise sd %.4g (estimated%s), boundary unknown%s", reg == Regularizer.AUTO ? "TV + Tikhonov"
				: reg.label(), weights[0] > 0 && weights[1] > 0 ? String.format(java.util.Locale.ROOT, "%.3g + %.3g",
				weights[0], weights[1]) : String.format(java.util.Locale.ROOT, "%.3g", result.weight),
				s.weight > 0 ? "given" : WeightRule.name(reg), sigma, dataWeight == null ? ""
				: String.format(java.util.Locale.ROOT, ", variance %.3g m + %.3g at intensity m in [0, 1]: pixels weighted by"
				+ " 1 / variance", level.slope, level.intercept), s.positive ? ", x >= 0" : "");
		return result;
	}

	/** The PSF: the measured one, or the Gaussian of sigma (and sigma_z for a volume). */
	static Psf psfFor(DeblurSettings s, int depth) {
		if (s.psf != null) {
			if (s.psf.depth > 1 && depth == 1) {
				throw new IllegalArgumentException("psf: a 3-D psf (" + s.psf.depth + " slices) needs a z-stack input");
			}
			return s.psf;
		}
		return Psf.gaussian(s.sigma, depth > 1 ? s.sigmaZ : 0);
	}

	private static DeblurResult planeByPlane(double[] y, int width, int height, int depth, DeblurSettings s,
			DeblurListener listener, BooleanSupplier cancelled, boolean keepOnStop) {
		int n = width * height;
		double[] x = new double[y.length];
		double[] kx = new double[y.length];
		List<double[]> snaps = new ArrayList<>();
		List<LogRow> log = new ArrayList<>();
		for (int z = 0; z < depth; z++) {
			int plane = z;
			DeblurResult r = descent(java.util.Arrays.copyOfRange(y, z * n, (z + 1) * n), width, height, s, null,
					listener == null ? null : (it, total) -> listener.progress(plane * total + it, depth * total), cancelled, keepOnStop);
			System.arraycopy(r.deblurred, 0, x, z * n, n);
			System.arraycopy(r.reblurred, 0, kx, z * n, n);
			snaps.addAll(r.snapshots);
			log.addAll(r.log);
			if (r.stoppedAt >= 0) { // the planes not reached stay as they were observed
				for (int rest = z + 1; rest < depth; rest++) {
					System.arraycopy(y, rest * n, x, rest * n, n);
					System.arraycopy(y, rest * n, kx, rest * n, n);
				}
				DeblurResult stopped = new DeblurResult(x, kx, snaps, log, width, height, r.stoppedAt);
				stopped.depth = depth;
				return stopped;
			}
		}
		DeblurResult r = new DeblurResult(x, kx, snaps, log, width, height);
		r.depth = depth;
		return r;
	}

	private static DeblurResult descent(double[] y, int width, int height, DeblurSettings s, Metrics metrics,
			DeblurListener listener, BooleanSupplier cancelled, boolean keepOnStop) {
		checkImage(y, width, height);
		int n = y.length;
		int total = s.iterations;

		BlurOperator blur = new BlurOperator(s.sigma, width, height);
		DescentMetric metric = DescentMetric.create(s.metric, s.sigma, width, height, s.dx, s.epsilon);
		StepRule optimizer = StepRule.create(s, n);
		double[] x = s.start == InitialGuess.OBSERVED ? y.clone() : new double[n];
		double[] blurred = new double[n];
		double[] gradient = new double[n];
		List<LogRow> log = new ArrayList<>();
		List<double[]> snapshots = new ArrayList<>();

		long t0 = System.nanoTime();
		int stoppedAt = -1;
		try (LossGradient loss = LossGradient.create(s.gradient, blur, y.clone(), s.dx)) {
			for (int it = 0; it < total; it++) {
				double value = loss.evaluate(x, blurred, gradient);
				if (it % s.logEvery == 0 || it == total - 1) {
					log.add(LogRow.of(it, value, x, t0, metrics));
					snapshots.add(blurred.clone());
				}
				metric.direction(gradient, gradient);
				optimizer.step(x, gradient);
				if (cancelled != null && it % CANCEL_CHECK_EVERY == 0 && cancelled.getAsBoolean()) {
					if (!keepOnStop) throw new CancellationException("deblurring cancelled at iteration " + it + " of " + total);
					stoppedAt = it + 1; // steps taken: x is kept as it is, and the log ends here
					log.add(new LogRow(stoppedAt, loss.evaluate(x, blurred, gradient), maxAbs(x), (System.nanoTime() - t0) * 1e-9));
					snapshots.add(blurred.clone());
					break;
				}
				if (listener != null && (it + 1) % PROGRESS_EVERY == 0) {
					listener.progress(it + 1, total);
				}
			}
		}
		if (listener != null && stoppedAt < 0) {
			listener.progress(total, total);
		}
		for (double v : x) {
			if (!Double.isFinite(v)) {
				throw new ArithmeticException("the descent diverged (non-finite values): lower learning_rate"
						+ (s.metric == MetricKind.PRECONDITIONED ? " or raise epsilon" : ""));
			}
		}
		blur.apply(x, blurred);
		return new DeblurResult(x, blurred, snapshots, log, width, height, stoppedAt);
	}

	private static void checkImage(double[] y, int width, int height) {
		if (y == null) {
			throw new IllegalArgumentException("the image must not be null");
		}
		new SignalShape(width, height);
		if (y.length != width * height) {
			throw new IllegalArgumentException("the image has " + y.length + " pixels, expected " + width + " x "
					+ height + " = " + width * height);
		}
		for (int i = 0; i < y.length; i++) {
			if (!Double.isFinite(y[i])) {
				throw new IllegalArgumentException("the image contains NaN or infinite pixels (first at x="
						+ i % width + ", y=" + i / width + "): replace them before deblurring");
			}
		}
	}

	/** Why a solver stopped by the discrepancy principle: the residual's rms (sum of squares res over m) reached the noise. */
	static String discrepancyReason(double res, int m, double sigma, int it) {
		return String.format(java.util.Locale.ROOT, "discrepancy principle: residual rms %.4g <= noise sd %.4g at iteration %d",
				Math.sqrt(res / m), sigma, it);
	}

	static double maxAbs(double[] v) {
		double m = 0;
		for (double a : v) {
			m = Math.max(m, Math.abs(a));
		}
		return m;
	}
}
