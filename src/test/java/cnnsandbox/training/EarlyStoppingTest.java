package cnnsandbox.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;

/** validation_fraction, patience and keep on a real Fashion-MNIST slice small enough to overfit. */
class EarlyStoppingTest {

	/** An MLP with Adam at 0.01 on 300 images: the validation loss bottoms out within a few epochs, then rises. */
	static TrainingSettings overfitting() {
		TrainingSettings s = new TrainingSettings(Architecture.MLP);
		s.optimizer = Optimizer.ADAM;
		s.learningRate = 0.01;
		s.batchSize = 30;
		s.epochs = 40;
		s.validation.fraction = 0.2;
		s.validation.patience = 3;
		return s;
	}

	/** Mean NLL and accuracy of {@code c} on {@code images}, computed apart from the trainer. */
	static double[] lossAndAccuracy(Classifier c, LabeledImages images) {
		float[] p = c.probabilities(images.features(0, images.n)).data().asFloat();
		double nll = 0;
		int correct = 0, k = images.classes();
		for (int i = 0; i < images.n; i++) {
			nll -= Math.log(p[i * k + images.labels[i]]);
			int best = 0;
			for (int j = 1; j < k; j++) if (p[i * k + j] > p[i * k + best]) best = j;
			if (best == images.labels[i]) correct++;
		}
		return new double[] { nll / images.n, correct / (double) images.n };
	}

	@Test
	void keepBestReturnsTheBestValidationEpochAndPatienceStops() throws IOException {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST");
		LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 300);
		LabeledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 500);
		TrainingSettings s = overfitting();
		s.validation.keep = Keep.BEST;
		TrainingResult best = new Trainer().train(s, train, test, null, null);
		LabeledImages validation = ValidationSplit.of(train, 0.2, s.seed).validation;
		assertEquals(60, validation.n, "6 of each class's ~30");
		assertEquals(60, best.validationImages);

		int argmin = 0;
		for (EpochRecord r : best.epochs) {
			assertTrue(r.hasValidation(), r.toString());
			if (r.validationLoss < best.epochs.get(argmin).validationLoss) argmin = r.epoch;
		}
		assertEquals(argmin, best.keptEpoch);
		assertTrue(argmin > 0 && argmin < 15, "measured: the best epoch comes early; " + best.epochs);
		assertEquals(argmin + 3, best.last().epoch, "stopped 3 epochs after the best");
		assertTrue(best.stoppedEarly.startsWith("early stopping at epoch " + (argmin + 3) + " of 40"), best.stoppedEarly);
		assertEquals(-1, best.stoppedAtEpoch, "not stopped by the user");
		// the returned weights are the kept epoch's: their validation loss and accuracy, recomputed apart
		double[] kept = lossAndAccuracy(best.classifier, validation);
		assertEquals(best.kept().validationLoss, kept[0], 1e-5);
		assertEquals(best.kept().validationAccuracy, kept[1]);
		assertNotEquals(best.last().validationLoss, kept[0], 1e-4);
		assertEquals(best.kept().testAccuracy, best.classifier.finalAccuracy());
		assertEquals(best.kept().correct, best.confusion.correct(), "the confusion matrix is the kept model's");
		assertNull(best.classifier.optimizerState(), "the optimizer state is the last epoch's: not saved with an earlier epoch's weights");

		// keep=last: the same run, the last epoch's weights
		s.validation.keep = Keep.LAST;
		TrainingResult last = new Trainer().train(s, train, test, null, null);
		assertEquals(best.last().epoch, last.keptEpoch);
		assertEquals(last.last().validationLoss, lossAndAccuracy(last.classifier, validation)[0], 1e-5);
		assertFalse(FashionSubsets.sameBits(best.classifier, last.classifier));
	}

	@Test
	void theDefaultsHoldNothingOutAndTrainEveryEpoch() throws IOException {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST");
		LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 300);
		TrainingSettings s = overfitting();
		s.validation.fraction = 0;
		s.validation.patience = 0;
		s.epochs = 5;
		TrainingResult r = new Trainer().train(s, train, train.head(100), null, null);
		assertEquals(6, r.epochs.size());
		assertFalse(r.last().hasValidation());
		assertEquals("", r.last().validationLine());
		assertEquals(5, r.keptEpoch);
		assertEquals(0, r.validationImages);
	}

	@Test
	void validationKeysAreChecked() {
		TrainingSettings s = new TrainingSettings();
		s.validation.patience = 2;
		assertMessage("patience=2 needs a validation set", s);
		s.validation.patience = 0;
		s.validation.keep = Keep.BEST;
		assertMessage("keep=best needs a validation set", s);
		s.validation.fraction = 1;
		assertMessage("validation_fraction must be", s);
	}

	static void assertMessage(String start, TrainingSettings s) {
		IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, s::validate);
		assertTrue(e.getMessage().startsWith(start), e.getMessage());
	}
}
