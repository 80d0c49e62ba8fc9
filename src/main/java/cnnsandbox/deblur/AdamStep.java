package cnnsandbox.deblur;

/** PyTorch Adam with its defaults: betas (0.9, 0.999), eps 1e-8, bias-corrected moments. */
final class AdamStep implements StepRule {
	private static final double BETA1 = 0.9;
	private static final double BETA2 = 0.999;
	private static final double EPS = 1e-8;

	private final double lr;
	private final double[] m;
	private final double[] v;
	private int t;

	AdamStep(double lr, int n) {
		this.lr = lr;
		this.m = new double[n];
		this.v = new double[n];
	}

	@Override
	public void step(double[] x, double[] g) {
		t++;
		double bc1 = 1 - Math.pow(BETA1, t);
		double bc2Sqrt = Math.sqrt(1 - Math.pow(BETA2, t));
		double stepSize = lr / bc1;
		for (int i = 0; i < x.length; i++) {
			m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
			v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
			x[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / bc2Sqrt + EPS);
		}
	}
}
