package cnnsandbox.deblur;

/**
 * A descent metric: the workshop's point that "the gradient is a metric object". Given the L2 gradient g
 * (what autodiff returns) it writes the gradient in the metric M, i.e. the direction {@code M^-1 g}.
 * Any symmetric positive definite M gives a descent direction; the choice decides which frequencies the descent
 * can reach.
 */
public interface DescentMetric {

	/** out = M^-1 gradient. {@code out} may alias {@code gradient}. */
	void direction(double[] gradient, double[] out);

	/**
	 * The metric for a signal of the given shape.
	 *
	 * @param sigma   the blur's standard deviation, in pixels
	 * @param dx      the loss scale (the loss is {@code dx * sum((Kx - y)^2)})
	 * @param epsilon Tikhonov term of {@link MetricKind#PRECONDITIONED} (ignored by the others)
	 */
	static DescentMetric create(MetricKind kind, double sigma, int width, int height, double dx, double epsilon) {
		switch (kind) {
			case L2:
				return new L2Metric();
			case SOBOLEV:
				return FourierMultiplierMetric.sobolev(sigma, width, height);
			case PRECONDITIONED:
				return new RegularisedNewtonMetric(GaussianKernel.taps(sigma), width, height, dx, epsilon);
			default:
				throw new IllegalArgumentException("unknown metric " + kind);
		}
	}
}
