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
import cnnsandbox.deblur.MetricKind;
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

	/**
	 * The workshop's metrics in the ascent: Sobolev (and Preconditioned) steps damp the high frequencies, so the
	 * images they make carry a smaller share of their energy above half the band than the L2 ascent's, for every
	 * class and for conv and dense units, while the objective still rises.
	 */
	@Test
	void sobolevAscentImagesCarryLessHighFrequencyEnergyThanL2() {
		java.util.List<Objective> objectives = new java.util.ArrayList<>();
		for (int c = 0; c < 10; c++) objectives.add(Objective.classLogProbability(c));
		for (int u = 0; u < 4; u++) objectives.add(Objective.unit("conv2", u));
		for (int u = 0; u < 4; u++) objectives.add(Objective.unit("fc1", u));
		ActivationMaximizer ascent = new ActivationMaximizer(cnn);
		MetricKind[] metrics = MetricKind.values();
		double[] sum = new double[metrics.length];
		for (Objective o : objectives) {
			double[] share = new double[metrics.length];
			StringBuilder line = new StringBuilder(o.toString());
			for (int k = 0; k < metrics.length; k++) {
				AscentSettings s = new AscentSettings();
				s.metric = metrics[k];
				ActivationMaximizer.Result r = ascent.maximise(o, s, null);
				share[k] = HighFrequencyEnergy.share(r.image, 28, 28);
				sum[k] += share[k];
				double first = r.objective[0], last = r.objective[r.objective.length - 1];
				assertTrue(last > first, metrics[k] + ", " + o + ": the objective rises, " + first + " -> " + last);
				line.append(String.format(": %s share %.4f objective %.4g", metrics[k].label(), share[k], last));
			}
			System.out.println(line);
			assertTrue(share[1] < share[0], o + ": Sobolev's image is smoother than L2's, " + share[1] + " vs " + share[0]);
			assertTrue(share[2] < share[0], o + ": Preconditioned's image is smoother than L2's, " + share[2] + " vs " + share[0]);
		}
		System.out.printf("mean high-frequency share over %d images: L2 %.4f, Sobolev %.4f (ratio %.3f), Preconditioned %.4f (ratio %.3f)%n",
			objectives.size(), sum[0] / objectives.size(), sum[1] / objectives.size(), sum[1] / sum[0], sum[2] / objectives.size(), sum[2] / sum[0]);
		assertTrue(sum[1] < 0.5 * sum[0], "Sobolev at least halves the high-frequency share on average");
	}

	@Test
	void jitterIsSeededAndChangesTheImage() {
		AscentSettings s = new AscentSettings();
		s.steps = 60;
		s.jitter = 2;
		ActivationMaximizer ascent = new ActivationMaximizer(cnn);
		ActivationMaximizer.Result a = ascent.maximise(Objective.unit("conv2", 1), s, null);
		ActivationMaximizer.Result b = ascent.maximise(Objective.unit("conv2", 1), s, null);
		assertArrayEquals(a.image, b.image, "the same seed shifts the same way");
		AscentSettings still = s.copy();
		still.jitter = 0;
		float[] c = ascent.maximise(Objective.unit("conv2", 1), still, null).image;
		assertTrue(!java.util.Arrays.equals(a.image, c), "jitter changes the ascent");
		assertTrue(a.objective[59] > a.objective[0], a.objective[0] + " -> " + a.objective[59]);
	}

	static double max(float[] v) {
		double m = 0;
		for (float x : v) m = Math.max(m, Math.abs(x));
		return m;
	}
}
