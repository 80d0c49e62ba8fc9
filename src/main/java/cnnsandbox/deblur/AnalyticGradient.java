package cnnsandbox.deblur;

/** The closed-form gradient of dx * ||Kx - y||^2: two convolutions per evaluation. */
final class AnalyticGradient implements LossGradient {
	private final BlurOperator blur;
	private final double[] y;
	private final double dx;
	private final double[] residual;

	AnalyticGradient(BlurOperator blur, double[] y, double dx) {
		this.blur = blur;
		this.y = y;
		this.dx = dx;
		this.residual = new double[y.length];
	}

	@Override
	public double evaluate(double[] x, double[] blurred, double[] gradient) {
		blur.apply(x, blurred);
		double sum = 0;
		for (int i = 0; i < y.length; i++) {
			double r = blurred[i] - y[i];
			residual[i] = r;
			sum += r * r;
		}
		blur.applyAdjoint(residual, gradient);
		double scale = 2 * dx;
		for (int i = 0; i < gradient.length; i++) {
			gradient[i] *= scale;
		}
		return sum * dx;
	}
}
