package cnnsandbox.training;

import java.util.Locale;

/**
 * One line of the training log. Epoch 0 is the evaluation before training (trainLoss NaN).
 */
public final class EpochRecord {

	public final int epoch;
	/** Seconds since the start of training, as the workshop's "Time Elapsed". */
	public final double seconds;
	/** Mean of the epoch's batch losses (NaN for epoch 0). */
	public final double trainLoss;
	/** Mean negative log-likelihood over the test set. */
	public final double testLoss;
	/** Fraction of test images classified correctly. */
	public final double testAccuracy;
	/** Number of test images classified correctly, out of {@link #total}. */
	public final int correct;
	public final int total;
	/** Fraction of the epoch's training images classified correctly as they were trained on (dropout on); NaN for epoch 0. */
	public final double trainAccuracy;
	/** Mean NLL and accuracy on the held-out validation images; NaN without validation_fraction. */
	public final double validationLoss, validationAccuracy;
	/** Mean recall over the test classes ({@link ConfusionMatrix#balancedAccuracy}); NaN where not known (older model files). */
	public final double balancedAccuracy;
	/** The learning rate the epoch trained at (NaN for epoch 0 and where not known). */
	public final double learningRate;

	public EpochRecord(int epoch, double seconds, double trainLoss, double testLoss, int correct, int total) {
		this(epoch, seconds, trainLoss, testLoss, correct, total, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
	}

	public EpochRecord(int epoch, double seconds, double trainLoss, double testLoss, int correct, int total,
		double trainAccuracy, double validationLoss, double validationAccuracy, double balancedAccuracy, double learningRate) {
		this.trainAccuracy = trainAccuracy;
		this.validationLoss = validationLoss;
		this.validationAccuracy = validationAccuracy;
		this.balancedAccuracy = balancedAccuracy;
		this.learningRate = learningRate;
		this.epoch = epoch;
		this.seconds = seconds;
		this.trainLoss = trainLoss;
		this.testLoss = testLoss;
		this.correct = correct;
		this.total = total;
		this.testAccuracy = total == 0 ? Double.NaN : correct / (double) total;
	}

	/** {@code Time Elapsed:   71.46s, Average test loss: 0.5164, Test accuracy: 8192/10000 (82%)}. */
	public String workshopLine() {
		return String.format(Locale.ROOT, "Time Elapsed: %7.2fs, Average test loss: %.4f, Test accuracy: %d/%d (%.0f%%)",
			seconds, testLoss, correct, total, 100 * testAccuracy);
	}

	/** True when the run held out validation images. */
	public boolean hasValidation() {
		return !Double.isNaN(validationLoss);
	}

	/** {@code , validation loss: 0.4012, validation accuracy: 85.2%, train accuracy: 86.0%}, or "" without validation. */
	public String validationLine() {
		if (!hasValidation()) return "";
		return String.format(Locale.ROOT, ", validation loss: %.4f, validation accuracy: %.1f%%", validationLoss, 100 * validationAccuracy)
			+ (Double.isNaN(trainAccuracy) ? "" : String.format(Locale.ROOT, ", train loss: %.4f, train accuracy: %.1f%%", trainLoss,
				100 * trainAccuracy));
	}

	@Override
	public String toString() {
		return "epoch " + epoch + (Double.isNaN(trainLoss) ? "" : String.format(Locale.ROOT, ", train loss %.4f", trainLoss))
			+ ": " + workshopLine() + validationLine();
	}
}
