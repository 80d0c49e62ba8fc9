package cnnsandbox.training;

/** Counts of (true class, predicted class) pairs. */
public final class ConfusionMatrix {

	/** counts[true][predicted]. */
	public final int[][] counts;

	public ConfusionMatrix(int classes) {
		counts = new int[classes][classes];
	}

	public static ConfusionMatrix of(int classes, int[] labels, int[] predictions) {
		if (labels.length != predictions.length)
			throw new IllegalArgumentException(labels.length + " labels but " + predictions.length + " predictions");
		ConfusionMatrix m = new ConfusionMatrix(classes);
		for (int i = 0; i < labels.length; i++)
			m.counts[labels[i]][predictions[i]]++;
		return m;
	}

	public int classes() {
		return counts.length;
	}

	public int total() {
		int t = 0;
		for (int[] row : counts)
			for (int c : row)
				t += c;
		return t;
	}

	public int correct() {
		int c = 0;
		for (int i = 0; i < counts.length; i++)
			c += counts[i][i];
		return c;
	}

	/** Recall of class c: the fraction of its examples predicted as c (NaN if it has none). */
	public double recall(int c) {
		int n = 0;
		for (int v : counts[c])
			n += v;
		return n == 0 ? Double.NaN : counts[c][c] / (double) n;
	}

	/**
	 * Mean recall over the classes that have examples (scikit-learn's {@code balanced_accuracy_score}): what accuracy
	 * would be with every class equally frequent, so a model that ignores a rare class cannot score well. NaN if empty.
	 */
	public double balancedAccuracy() {
		double sum = 0;
		int n = 0;
		for (int c = 0; c < classes(); c++) {
			double r = recall(c);
			if (!Double.isNaN(r)) {
				sum += r;
				n++;
			}
		}
		return n == 0 ? Double.NaN : sum / n;
	}

	/** Fraction on the diagonal (NaN if empty). */
	public double accuracy() {
		int t = total();
		return t == 0 ? Double.NaN : correct() / (double) t;
	}
}
