package cnnsandbox.deblur;

/** PyTorch SGD with classical momentum (dampening 0): v = g at the first step, then v = mu v + g; x -= lr v. */
final class MomentumStep implements StepRule {
	private final double lr;
	private final double mu;
	private final double[] velocity;
	private boolean first = true;

	MomentumStep(double lr, double mu, int n) {
		this.lr = lr;
		this.mu = mu;
		this.velocity = new double[n];
	}

	@Override
	public void step(double[] x, double[] d) {
		double[] v = velocity;
		double m = first ? 0 : mu;
		first = false;
		for (int i = 0; i < x.length; i++) {
			v[i] = m * v[i] + d[i];
			x[i] -= lr * v[i];
		}
	}
}
