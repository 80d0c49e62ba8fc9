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

	/** Fraction on the diagonal (NaN if empty). */
	public double accuracy() {
		int t = total();
		return t == 0 ? Double.NaN : correct() / (double) t;
	}
}
