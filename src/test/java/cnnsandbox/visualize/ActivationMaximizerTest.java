package cnnsandbox.visualize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Objective;
import cnnsandbox.training.Optimizer;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingSettings;

/** Activation maximisation on a small trained CNN: frozen weights, a deterministic ascent, a bounded image. */
class ActivationMaximizerTest {

	static Classifier cnn;

	@BeforeAll
	static void train() throws Exception {
		assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed");
		LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 1000);
		LabeledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 200);
		TrainingSettings s = new TrainingSettings(Architecture.CNN);
		s.epochs = 1;
		s.batchSize = 50;
		s.optimizer = Optimizer.ADAM;
		s.learningRate = 0.001;
		cnn = new Trainer().train(s, train, test, null, null).classifier;
	}

	static Map<String, INDArray> weights() {
		Map<String, INDArray> w = new HashMap<>();
		for (String name : cnn.parameterNames()) w.put(name, cnn.parameter(name));
		return w;
	}

	@Test
	void neverChangesTheWeights() {
		Map<String, INDArray> before = weights();
		ActivationMaximizer ascent = new ActivationMaximizer(cnn);
		AscentSettings s = new AscentSettings();
		s.steps = 50;
		ascent.maximise(Objective.classLogProbability(3), s, null);
		ascent.maximise(Objective.unit("conv2", 5), s, null);
		Map<String, INDArray> after = weights();
		for (String name : before.keySet()) assertEquals(before.get(name), after.get(name), name);
	}

	@Test
	void isDeterministicAndRaisesTheObjective() {
		AscentSettings s = new AscentSettings();
		s.steps = 60;
		s.start = AscentSettings.InitialImage.RANDOM;
		ActivationMaximizer.Result a = new ActivationMaximizer(cnn).maximise(Objective.unit("conv1", 7), s, null);
		ActivationMaximizer.Result b = new ActivationMaximizer(cnn).maximise(Objective.unit("conv1", 7), s, null);
		assertArrayEquals(a.image, b.image, "no dropout, seeded start: the same image twice");
		assertTrue(a.objective[59] > a.objective[0], a.objective[0] + " -> " + a.objective[59]);
		for (float v : a.image) assertTrue(v >= 0 && v <= 1, "auto = clamp for a unit: " + v);
	}

	@Test
	void unregularisedUnitAscentGrowsWhereTheL2PenaltyBoundsIt() {
		AscentSettings free = new AscentSettings();
		free.steps = 100;
		free.regularizer = AscentSettings.Regularizer.NONE;
		AscentSettings l2 = free.copy();
		l2.regularizer = AscentSettings.Regularizer.L2;
		l2.weightDecay = 0.1; // with SGD lr 3: lr * weight_decay < 2, a stable penalty
		ActivationMaximizer ascent = new ActivationMaximizer(cnn);
		double freeMax = max(ascent.maximise(Objective.unit("fc1", 0), free, null).image);
		double l2Max = max(ascent.maximise(Objective.unit("fc1", 0), l2, null).image);
		assertTrue(l2Max < freeMax, "the L2 penalty keeps the image smaller: " + l2Max + " vs " + freeMax);
	}

	static double max(float[] v) {
		double m = 0;
		for (float x : v) m = Math.max(m, Math.abs(x));
		return m;
	}
}
