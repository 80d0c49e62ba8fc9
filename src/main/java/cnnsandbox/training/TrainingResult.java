package cnnsandbox.training;

import java.util.List;

/** What {@link Trainer#train} returns. */
public final class TrainingResult {

	public final Classifier classifier;
	/** Epoch 0 (before training) to the last epoch. */
	public final List<EpochRecord> epochs;
	/** Test-set confusion matrix of the final model. */
	public final ConfusionMatrix confusion;
	/** The test predictions of the final model, in test-set order. */
	public final int[] testPredictions;

	/** The last finished epoch when the user stopped the training early (the model is that epoch's); -1 if not stopped. */
	public final int stoppedAtEpoch;

	/** The epoch whose weights the classifier holds (keep=best: the best validation epoch; else the last). */
	public final int keptEpoch;
	/** Why training ended before its epochs (early stopping), or null. */
	public final String stoppedEarly;
	/** Training images held out for validation (0 without). */
	public final int validationImages;

	public TrainingResult(Classifier classifier, List<EpochRecord> epochs, ConfusionMatrix confusion, int[] testPredictions,
		int stoppedAtEpoch) {
		this(classifier, epochs, confusion, testPredictions, stoppedAtEpoch, epochs.get(epochs.size() - 1).epoch, null, 0);
	}

	public TrainingResult(Classifier classifier, List<EpochRecord> epochs, ConfusionMatrix confusion, int[] testPredictions,
		int stoppedAtEpoch, int keptEpoch, String stoppedEarly, int validationImages) {
		this.keptEpoch = keptEpoch;
		this.stoppedEarly = stoppedEarly;
		this.validationImages = validationImages;
		this.stoppedAtEpoch = stoppedAtEpoch;
		this.classifier = classifier;
		this.epochs = List.copyOf(epochs);
		this.confusion = confusion;
		this.testPredictions = testPredictions;
	}

	/** The row of the kept epoch. */
	public EpochRecord kept() {
		for (EpochRecord r : epochs)
			if (r.epoch == keptEpoch)
				return r;
		return last();
	}

	public EpochRecord last() {
		return epochs.get(epochs.size() - 1);
	}
}
