package cnnsandbox.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;

class LearningRateScheduleTest {

	static LabeledImages train, test;

	@BeforeAll
	static void load() throws Exception {
		if (Files.isDirectory(FashionMnist.DEFAULT_DIR)) {
			train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 1000);
			test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 300);
		}
	}

	@Test
	void parsesEachKindAndRefusesTheRestWithOneLine() {
		assertEquals("constant", LearningRateSchedule.parse("constant").toString());
		assertEquals("step 5 0.1", LearningRateSchedule.parse("[Step 5 0.1]").toString());
		assertEquals("cosine", LearningRateSchedule.parse(" cosine ").toString());
		assertEquals("plateau 3 0.5", LearningRateSchedule.parse("plateau 3 0.5").toString());
		for (String bad : new String[] { "", "linear", "step 5", "step 0 0.1", "step 5 1", "step 5 0", "cosine 3", "plateau 2 1.5",
			"step 2.5 0.1", "constant, cosine" }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse(bad), bad);
			assertEquals("schedule must be constant, step N F, cosine or plateau N F (N epochs >= 1, factor F > 0 and < 1), "
				+ "e.g. step 5 0.1; got '" + bad + "'", e.getMessage());
		}
	}

	@Test
	void ratesAreThoseOfPyTorchsSchedulers() {
		LearningRateSchedule.Rates step = LearningRateSchedule.parse("step 2 0.1").start(0.5, 6);
		double[] expected = { 0.5, 0.5, 0.05, 0.05, 0.005, 0.005 };
		for (int e = 1; e <= 6; e++) assertEquals(expected[e - 1], step.next(e), 1e-15, "step, epoch " + e);
		// CosineAnnealingLR(T_max=4) stepped per epoch: 1, 0.8536, 0.5, 0.1464
		LearningRateSchedule.Rates cos = LearningRateSchedule.parse("cosine").start(1, 4);
		double[] c = { 1, 0.8535533905932737, 0.5, 0.14644660940672627 };
		for (int e = 1; e <= 4; e++) assertEquals(c[e - 1], cos.next(e), 1e-12, "cosine, epoch " + e);
		LearningRateSchedule.Rates constant = LearningRateSchedule.CONSTANT.start(0.01, 3);
		for (int e = 1; e <= 3; e++) assertEquals(0.01, constant.next(e));
	}

	@Test
	void plateauCutsTheRateAfterNEpochsWithoutImprovement() {
		LearningRateSchedule.Rates r = LearningRateSchedule.parse("plateau 2 0.1").start(1, 10);
		double[] losses = { 1.0, 0.5, 0.5, 0.49999, 0.4, 0.4, 0.4, 0.4, 0.4 };
		double[] rates = { 1, 1, 1, 1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.001 };
		for (int e = 1; e <= losses.length; e++) {
			assertEquals(rates[e - 1], r.next(e), 1e-12, "epoch " + e);
			r.observe(losses[e - 1]);
		}
		assertEquals(rates[9], r.next(10), 1e-12, "epoch 10");
	}

	@Test
	void theLoggedRateFollowsTheScheduleAndIsTheOneApplied() {
		assumeTrue(train != null, "Fashion-MNIST not installed");
		TrainingSettings s = new TrainingSettings(Architecture.MLP);
		s.epochs = 4;
		s.batchSize = 100;
		s.schedule = LearningRateSchedule.parse("step 2 0.5");
		TrainingResult step = new Trainer().train(s, train, test, null, null);
		assertTrue(Double.isNaN(step.epochs.get(0).learningRate), "epoch 0 trains at no rate");
		double[] expected = { 0.01, 0.01, 0.005, 0.005 };
		for (int e = 1; e <= 4; e++) assertEquals(expected[e - 1], step.epochs.get(e).learningRate, 1e-15, "epoch " + e);

		s.epochs = 3;
		s.schedule = LearningRateSchedule.parse("cosine");
		TrainingResult cos = new Trainer().train(s, train, test, null, null);
		for (int e = 1; e <= 3; e++)
			assertEquals(0.01 * (1 + Math.cos(Math.PI * (e - 1) / 3)) / 2, cos.epochs.get(e).learningRate, 1e-15, "cosine epoch " + e);

		// applied: at a rate of 1e-11 after epoch 1 the weights, so the test loss, stop moving; at the constant rate they do not
		s.schedule = LearningRateSchedule.parse("step 1 0.000000001");
		TrainingResult frozen = new Trainer().train(s, train, test, null, null);
		s.schedule = LearningRateSchedule.CONSTANT;
		TrainingResult constant = new Trainer().train(s, train, test, null, null);
		assertEquals(constant.epochs.get(1).testLoss, frozen.epochs.get(1).testLoss, "epoch 1 at the same rate: the same result");
		assertEquals(frozen.epochs.get(1).testLoss, frozen.epochs.get(3).testLoss, 1e-6, "rate 1e-11: nothing moves");
		assertTrue(Math.abs(constant.epochs.get(3).testLoss - constant.epochs.get(1).testLoss) > 1e-2, "rate 0.01: it moves");
		for (int e = 1; e <= 3; e++) assertEquals(0.01, constant.epochs.get(e).learningRate, "constant: the learning_rate throughout");
	}

	@Test
	void plateauWatchesTheLoggedTrainingLoss() {
		assumeTrue(train != null, "Fashion-MNIST not installed");
		TrainingSettings s = new TrainingSettings(Architecture.MLP);
		s.epochs = 8;
		s.batchSize = 100;
		s.learningRate = 3; // far too high: the training loss jumps about, so the plateau rule must act
		s.schedule = LearningRateSchedule.parse("plateau 1 0.5");
		TrainingResult r = new Trainer().train(s, train, test, null, null);
		LearningRateSchedule.Rates replay = s.schedule.start(s.learningRate, s.epochs);
		int cuts = 0;
		for (int e = 1; e <= s.epochs; e++) {
			EpochRecord rec = r.epochs.get(e);
			assertEquals(replay.next(e), rec.learningRate, 1e-15, "epoch " + e);
			replay.observe(rec.trainLoss);
			if (e > 1 && rec.learningRate < r.epochs.get(e - 1).learningRate) cuts++;
		}
		assertTrue(cuts >= 1, "the rate was cut at least once");
	}
}
