package cnnsandbox.training;

/**
 * Watches the validation loss epoch by epoch: remembers the best epoch (the lowest loss; epoch 0, the weights
 * training started from, counts) and says when {@code patience} epochs have passed without a better one. Loss
 * rather than accuracy, as Keras' EarlyStopping and PyTorch Lightning monitor by default: accuracy on a few hundred
 * validation images moves in steps and ties.
 */
final class EarlyStopping {

	private final int patience;
	private int bestEpoch = -1;
	private double bestLoss = Double.POSITIVE_INFINITY;

	EarlyStopping(int patience) {
		this.patience = patience;
	}

	/** Records epoch {@code epoch}'s validation loss; true if it is the best so far. */
	boolean improved(int epoch, double validationLoss) {
		if (Double.isNaN(validationLoss) || bestEpoch >= 0 && !(validationLoss < bestLoss))
			return false;
		bestEpoch = epoch;
		bestLoss = validationLoss;
		return true;
	}

	/** True when patience is on and {@code epoch} is {@code patience} epochs after the best. */
	boolean exhausted(int epoch) {
		return patience > 0 && bestEpoch >= 0 && epoch - bestEpoch >= patience;
	}

	int bestEpoch() {
		return bestEpoch;
	}

	/** "validation loss has not improved for 3 epochs (best: epoch 4, 0.3120)". */
	String reason(int epoch) {
		return String.format(java.util.Locale.ROOT, "validation loss has not improved for %d epochs (best: epoch %d, %.4f)",
			epoch - bestEpoch, bestEpoch, bestLoss);
	}
}
