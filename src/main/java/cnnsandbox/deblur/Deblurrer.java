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

	public static DeblurResult run(double[] y, int width, int height, DeblurSettings s, DeblurListener listener,
			BooleanSupplier cancelled) {
		return run(y, width, height, s, listener, cancelled, false);
	}

	/**
	 * As {@link #run(double[], int, int, DeblurSettings, DeblurListener, BooleanSupplier)}; with {@code keepOnStop}
	 * a stop returns x as it is then ({@link DeblurResult#stoppedAt}) instead of throwing CancellationException.
	 */
	public static DeblurResult run(double[] y, int width, int height, DeblurSettings s, DeblurListener listener,
			BooleanSupplier cancelled, boolean keepOnStop) {
		if (s == null) {
			throw new IllegalArgumentException("settings must not be null");
		}
		s.validate();
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
					log.add(new LogRow(it, value, maxAbs(x), (System.nanoTime() - t0) * 1e-9));
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

	static double maxAbs(double[] v) {
		double m = 0;
		for (double a : v) {
			m = Math.max(m, Math.abs(a));
		}
		return m;
	}
}
