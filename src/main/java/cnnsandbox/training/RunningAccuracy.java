package cnnsandbox.training;

import cnnsandbox.engine.Engine;

/**
 * The training accuracy of an epoch as it went: each batch's predictions (argmax of the logits of the forward pass
 * that trained on it, dropout on) against its labels, as a PyTorch training loop counts it. It costs no extra pass.
 */
final class RunningAccuracy {

	private long correct, seen;

	/** Adds a batch: {@code logits} holds {@code idx.length} rows of {@code classes}. */
	void add(float[] logits, int classes, int[] labels, int[] idx) {
		for (int k = 0; k < idx.length; k++)
			if (Engine.argmax(logits, k * classes, classes) == labels[idx[k]])
				correct++;
		seen += idx.length;
	}

	/** The fraction so far, and starts again. */
	double take() {
		double v = seen == 0 ? Double.NaN : correct / (double) seen;
		correct = seen = 0;
		return v;
	}
}
