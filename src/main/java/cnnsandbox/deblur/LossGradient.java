package cnnsandbox.deblur;

/** Evaluates the loss dx * ||Kx - y||^2, the blurred estimate Kx, and the L2 gradient 2 dx K^T (Kx - y). */
interface LossGradient extends AutoCloseable {
	/** Fills {@code blurred} with Kx and {@code gradient} with the L2 gradient; returns the loss. */
	double evaluate(double[] x, double[] blurred, double[] gradient);

	@Override
	default void close() {
	}

	static LossGradient create(GradientMode mode, BlurOperator blur, double[] y, double dx) {
		return mode == GradientMode.AUTODIFF ? new SameDiffGradient(blur, y, dx) : new AnalyticGradient(blur, y, dx);
	}
}
