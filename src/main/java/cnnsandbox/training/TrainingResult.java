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

	public TrainingResult(Classifier classifier, List<EpochRecord> epochs, ConfusionMatrix confusion, int[] testPredictions,
		int stoppedAtEpoch) {
		this.stoppedAtEpoch = stoppedAtEpoch;
		this.classifier = classifier;
		this.epochs = List.copyOf(epochs);
		this.confusion = confusion;
		this.testPredictions = testPredictions;
	}

	public EpochRecord last() {
		return epochs.get(epochs.size() - 1);
	}
}
