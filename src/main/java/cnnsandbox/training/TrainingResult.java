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

	public TrainingResult(Classifier classifier, List<EpochRecord> epochs, ConfusionMatrix confusion, int[] testPredictions) {
		this.classifier = classifier;
		this.epochs = List.copyOf(epochs);
		this.confusion = confusion;
		this.testPredictions = testPredictions;
	}

	public EpochRecord last() {
		return epochs.get(epochs.size() - 1);
	}
}
