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

	/**
	 * The metric of a gradient ASCENT on an image (Visualize Neuron), the deblurring problem turned around: a
	 * deblurring descent must reach the high frequencies the blur erased, so {@link #create} boosts them; an
	 * ascent on a network's input should not grow high frequencies the images never hold, so the same two
	 * operators are used the other way round. {@code L2}: the plain gradient; {@code SOBOLEV}: the H^1 metric,
	 * direction g / (1 + (sigma omega)^2), the inverse of Deblur Signal's Sobolev multiplier;
	 * {@code PRECONDITIONED}: direction (K^T K + epsilon) g / (1 + epsilon), K the Gaussian of sigma, the operator
	 * Deblur Signal's Preconditioned metric inverts (an ascent on a latent image blurred by K).
	 */
	static DescentMetric ascent(MetricKind kind, double sigma, double epsilon, int width, int height) {
		switch (kind) {
			case L2:
				return new L2Metric();
			case SOBOLEV:
				return FourierMultiplierMetric.sobolevSmoothing(sigma, width, height);
			case PRECONDITIONED:
				return FourierMultiplierMetric.blurGram(sigma, epsilon, width, height);
			default:
				throw new IllegalArgumentException("unknown metric " + kind);
		}
	}
}
