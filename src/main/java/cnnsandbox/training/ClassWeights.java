package cnnsandbox.training;

import cnnsandbox.options.Options;

/**
 * Per-class weights of the training loss, for imbalanced classes. {@code balanced} weighs class c by
 * n / (classes * n_c) (scikit-learn's {@code compute_class_weight("balanced")}); the loss is then PyTorch's
 * {@code CrossEntropyLoss(weight=w)}: sum of w[y] * nll over the batch divided by the sum of w[y], so a rare class
 * counts as much in total as a common one.
 */
public enum ClassWeights implements Options.Choice {
	NONE("none"), BALANCED("balanced");

	private final String label;

	ClassWeights(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}

	/** The weight of each class for training labels {@code labels}; null for none (the unweighted mean). */
	public float[] weights(int[] labels, int classes) {
		if (this == NONE)
			return null;
		int[] counts = new int[classes];
		for (int l : labels)
			counts[l]++;
		float[] w = new float[classes];
		for (int c = 0; c < classes; c++)
			w[c] = counts[c] == 0 ? 0f : (float) (labels.length / ((double) classes * counts[c])); // an absent class is never a label
		return w;
	}
}
