package cnnsandbox.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.ImbalancedSubset;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.engine.Engine;
import cnnsandbox.engine.FlatParameters;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.Network;

class ClassWeightsTest {

	@Test
	void balancedWeighsEachClassInverselyToItsCount() {
		int[] labels = { 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2 }; // 6, 2, 4 of 12 in 4 classes (class 3 absent)
		assertNull(ClassWeights.NONE.weights(labels, 4));
		float[] w = ClassWeights.BALANCED.weights(labels, 4);
		assertArrayEquals(new float[] { 12f / (4 * 6), 12f / (4 * 2), 12f / (4 * 4), 0 }, w, 1e-7f);
	}

	/** The weighted loss and its gradient are PyTorch's CrossEntropyLoss(weight=w); no weights is the plain mean, bit for bit. */
	@Test
	void theWeightedLossIsTheWeightedMeanOfTheNll() {
		LayerList net = LayerList.of(LayerList.preset(Architecture.MLP, 8, 3), 4, 4, 3);
		FlatParameters weights = FlatParameters.copyOf(Network.initParams(net, 3));
		Engine engine = new Engine(net, weights.views);
		int n = 5;
		float[] pixels = new float[n * 16];
		Random r = new Random(2);
		for (int i = 0; i < pixels.length; i++) pixels[i] = r.nextFloat();
		int[] labels = { 0, 1, 2, 1, 1 }, idx = { 0, 1, 2, 3, 4 };
		Engine.Batch b = engine.batch(n);
		b.load(pixels, idx, 0);
		engine.forward(b, null);
		double plain = engine.lossAndSeed(b, labels, idx);
		float[] plainSeed = b.d[b.d.length - 1].dup().data().asFloat();
		double unweighted = engine.lossAndSeed(b, labels, idx, null);
		assertEquals(plain, unweighted, 0.0, "null weights: the plain mean to the bit");
		assertArrayEquals(plainSeed, b.d[b.d.length - 1].dup().data().asFloat(), 0f);

		float[] w = { 2f, 0.5f, 3f };
		double weighted = engine.lossAndSeed(b, labels, idx, w);
		INDArray logits = b.logits();
		double num = 0, den = 0;
		float[] seed = b.d[b.d.length - 1].dup().data().asFloat();
		for (int k = 0; k < n; k++) {
			double max = Double.NEGATIVE_INFINITY, sum = 0;
			for (int c = 0; c < 3; c++) max = Math.max(max, logits.getDouble(k, c));
			for (int c = 0; c < 3; c++) sum += Math.exp(logits.getDouble(k, c) - max);
			double lse = max + Math.log(sum);
			num += w[labels[k]] * (lse - logits.getDouble(k, labels[k]));
			den += w[labels[k]];
		}
		for (int k = 0; k < n; k++) {
			double max = Double.NEGATIVE_INFINITY, sum = 0;
			for (int c = 0; c < 3; c++) max = Math.max(max, logits.getDouble(k, c));
			for (int c = 0; c < 3; c++) sum += Math.exp(logits.getDouble(k, c) - max);
			for (int c = 0; c < 3; c++) {
				double p = Math.exp(logits.getDouble(k, c) - max) / sum;
				assertEquals(w[labels[k]] * (p - (c == labels[k] ? 1 : 0)) / den, seed[k * 3 + c], 1e-6, "d loss / d logit " + k + "," + c);
			}
		}
		assertEquals(num / den, weighted, 1e-5);
	}

	/**
	 * The case, small: the first 12,000 training images with Shirt cut to 5 % of the other classes (60
	 * shirts), the MLP (Adam 0.001, 5 epochs) never predicts a shirt; balanced weights find half of them and raise
	 * balanced accuracy. Measured (seed 1, first 2,000 test images): balanced accuracy 0.8023 -> 0.8150, Shirt recall
	 * 0 -> 0.508 (TrainingChoicesBench gives the figures on all 10,000, three seeds).
	 */
	@Test
	void balancedWeightsRaiseBalancedAccuracyOnAnImbalancedSubset() throws Exception {
		assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed");
		int shirt = 6;
		LabeledImages train = ImbalancedSubset.of(FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 12000), shirt, 0.05);
		LabeledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 2000);
		TrainingSettings s = new TrainingSettings(Architecture.MLP);
		s.optimizer = Optimizer.ADAM;
		s.learningRate = 0.001;
		s.epochs = 5;
		TrainingResult none = new Trainer().train(s, train, test, null, null);
		s.classWeights = ClassWeights.BALANCED;
		TrainingResult balanced = new Trainer().train(s, train, test, null, null);
		double b0 = none.confusion.balancedAccuracy(), b1 = balanced.confusion.balancedAccuracy();
		assertEquals(b1, balanced.last().balancedAccuracy, 1e-12, "the log's last row is the final confusion's");
		assertTrue(none.confusion.recall(shirt) < 0.1, "unweighted: Shirt recall " + none.confusion.recall(shirt));
		assertTrue(balanced.confusion.recall(shirt) > 0.25, "balanced: Shirt recall " + balanced.confusion.recall(shirt));
		assertTrue(b1 > b0 + 0.005, "balanced accuracy " + b0 + " -> " + b1);
	}
}
