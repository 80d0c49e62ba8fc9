package cnnsandbox.explain;

/**
 * Integrated gradients' completeness, checked per image and restored where the midpoint rule falls short: the map
 * of image i must sum to f(x_i) - f(baseline) within {@link #TOLERANCE}. ReLU and max pooling make the gradient jump
 * along the path, and across a jump the midpoint rule's error falls only as 1/steps (a CNN's worst image: 8.6 % at
 * 64 steps with the plain rule, docs/explain.md). An image off by more gets three times the points, nested (the
 * midpoints of n steps, (2k+1)/2n, are among those of 3n, (2j+1)/6n with j = 3k+1), so only the 2n new points
 * cost a pass; at most {@link #ROUNDS} times (64 steps: up to 1,728).
 */
final class CompletenessRefinement {

	/** Relative completeness error accepted (the 1 %), with an absolute floor for f(x) close to f(b). */
	static final double TOLERANCE = 0.01, FLOOR = 1e-4;
	/** Triplings at most: 27 times the steps. */
	static final int ROUNDS = 3;

	private final Passes passes;
	private final int values, classes;
	private final float baseline;

	/** How many images needed more points, and the most steps any image got. */
	int refined, maxSteps;
	/** Images still off after the last round. */
	int unresolved;

	CompletenessRefinement(Passes passes, int values, int classes, float baseline) {
		this.passes = passes;
		this.values = values;
		this.classes = classes;
		this.baseline = baseline;
	}

	/**
	 * Refines, in place, the maps of the images whose sum misses f(x) - f(baseline) by more than the tolerance.
	 *
	 * @param steps the steps the maps were made with
	 * @param logp  log-probabilities [n, classes] of the images
	 */
	void refine(float[] images, int n, int[] targets, float[] logp, int steps, float[] attribution) {
		float[] base = new float[values];
		java.util.Arrays.fill(base, baseline);
		float[] logpBase = passes.logProbabilities(base, 1);
		maxSteps = steps;
		for (int i = 0; i < n; i++) {
			int t = targets[i];
			double delta = logp[i * classes + t] - logpBase[t];
			int s = steps;
			boolean first = true;
			while (!complete(attribution, i, delta)) {
				if (s >= steps * Math.pow(3, ROUNDS)) {
					unresolved++;
					break;
				}
				if (first) refined++;
				first = false;
				addNewPoints(images, i, t, s, attribution);
				s *= 3;
				maxSteps = Math.max(maxSteps, s);
			}
		}
	}

	private boolean complete(float[] attribution, int i, double delta) {
		double sum = 0;
		for (int q = i * values; q < (i + 1) * values; q++) sum += attribution[q];
		return Math.abs(sum - delta) <= Math.max(TOLERANCE * Math.abs(delta), FLOOR);
	}

	/** The map of image i from n midpoints to 3n: the 2n new points j = 3k and 3k + 2 of (2j+1)/6n. */
	private void addNewPoints(float[] images, int i, int target, int n, float[] attribution) {
		int count = 2 * n, at = i * values;
		double[] sum = new double[values];
		for (int from = 0; from < count; from += passes.chunk) {
			int m = Math.min(passes.chunk, count - from);
			float[] batch = new float[m * values];
			for (int k = 0; k < m; k++) {
				int point = from + k, j = 3 * (point / 2) + (point % 2 == 0 ? 0 : 2);
				float alpha = (float) ((2 * j + 1) / (6.0 * n));
				for (int q = 0; q < values; q++) batch[k * values + q] = baseline + alpha * (images[at + q] - baseline);
			}
			int[] t = new int[m];
			java.util.Arrays.fill(t, target);
			float[] grad = new float[m * values];
			passes.gradients(batch, m, t, grad, null);
			for (int k = 0; k < m; k++)
				for (int q = 0; q < values; q++) sum[q] += grad[k * values + q];
		}
		// attribution = (x - b) * (sum of n old + 2n new gradients) / 3n, the old sum being attribution * n / (x - b)
		for (int q = 0; q < values; q++)
			attribution[at + q] = (float) ((n * (double) attribution[at + q] + (images[at + q] - baseline) * sum[q]) / (3.0 * n));
	}
}
