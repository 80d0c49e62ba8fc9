package cnnsandbox.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The hand-written passes of {@link Engine} agree with SameDiff's autodiff of the {@link Network} graphs. */
class EngineTest {

	static final int N = 7;

	static float[] pixels(int n, long seed) {
		Random r = new Random(seed);
		float[] p = new float[n * Engine.PIXELS];
		for (int i = 0; i < p.length; i++)
			p[i] = r.nextFloat() < 0.3 ? 0f : r.nextFloat();
		return p;
	}

	static Map<String, INDArray> copy(Map<String, INDArray> m) {
		Map<String, INDArray> c = new LinkedHashMap<>();
		m.forEach((k, v) -> c.put(k, v.dup('c')));
		return c;
	}

	static void assertClose(INDArray expected, INDArray actual, String what) {
		double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
		double diff = expected.sub(actual.reshape(expected.shape())).amaxNumber().doubleValue();
		assertTrue(diff <= 2e-4 * scale, what + ": max difference " + diff + " at scale " + scale);
	}

	void check(Architecture arch, int hidden) {
		check(arch, hidden, false);
	}

	void check(Architecture arch, int hidden, boolean deviceConv1) {
		Map<String, INDArray> params = Network.initParams(arch, hidden, 3);
		float[] px = pixels(N, 5);
		int[] labels = { 3, 1, 4, 1, 5, 9, 2 };
		int[] idx = { 0, 1, 2, 3, 4, 5, 6 };
		INDArray mask = arch == Architecture.CNN ? Trainer.dropoutMask(N, Network.FLAT, 0.5, new Random(9)) : null;

		SameDiff sd = Network.trainingGraph(arch, copy(params));
		Map<String, INDArray> ph = new HashMap<>();
		ph.put(Network.INPUT, Nd4j.create(px, new long[] { N, 1, 28, 28 }, 'c'));
		ph.put(Network.LABEL, Trainer.oneHot(labels, idx));
		if (mask != null)
			ph.put(Network.MASK, mask);
		OutAndGrad og = sd.calculateGradientsAndOutputs(ph, java.util.List.of(Network.LOSS, Network.LOGP),
			new java.util.ArrayList<>(params.keySet()));

		Engine e = new Engine(arch, hidden, copy(params), deviceConv1);
		Engine.Batch b = e.batch(N);
		b.load(px, idx, 0);
		e.forward(b, mask);
		double loss = e.lossAndSeed(b, labels, idx);
		e.backward(b, mask, Engine.Start.FC2, true, null);
		assertEquals(og.getOutputs().get(Network.LOSS).getDouble(0), loss, 1e-4 * Math.abs(loss));
		for (String name : params.keySet())
			assertClose(og.getGradients().get(name), e.grad.get(name), arch + " " + name);

		// inference path (no dropout) agrees with the SameDiff inference graph
		e.forward(b, null);
		INDArray logp = Network.inferenceGraph(arch, copy(params)).outputSingle(
			Collections.singletonMap(Network.INPUT, ph.get(Network.INPUT)), Network.LOGP);
		float[] lp = new float[10];
		for (int k = 0; k < N; k++) {
			Engine.logSoftmax(b.zf, k, lp);
			for (int c = 0; c < 10; c++)
				assertEquals(logp.getDouble(k, c), lp[c], 1e-4);
		}
	}

	@Test
	void mlpGradientsMatchSameDiff() {
		check(Architecture.MLP, 100);
	}

	@Test
	void cnnGradientsMatchSameDiff() {
		check(Architecture.CNN, Network.CNN_HIDDEN);
	}

	/** The CUDA backend's conv1 (ND4J's conv2d op instead of the Java im2col) computes the same, here on the CPU. */
	@Test
	void cnnDeviceConv1MatchesSameDiff() {
		check(Architecture.CNN, Network.CNN_HIDDEN, true);
		// and the input gradient of one image (activation maximisation) agrees with the im2col path
		Map<String, INDArray> params = Network.initParams(Architecture.CNN, Network.CNN_HIDDEN, 6);
		float[][] grads = new float[2][Engine.PIXELS];
		for (int path = 0; path < 2; path++) {
			Engine e = new Engine(Architecture.CNN, Network.CNN_HIDDEN, copy(params), path == 1);
			Engine.Batch b = e.batch(1);
			b.load(pixels(1, 8), null, 0);
			e.forward(b, null, Engine.Start.FC1);
			b.da1.assign(0).putScalar(0, 5, 1.0);
			e.backward(b, null, Engine.Start.FC1, false, grads[path]);
		}
		assertClose(Nd4j.create(grads[0]), Nd4j.create(grads[1]), "d(fc1 unit 5)/d(image), conv2d vs im2col");
	}

	/** objectiveAndGradient against SameDiff autodiff of (layer output * selector).sum() w.r.t. an image variable. */
	void checkObjectives(Architecture arch, int hidden) {
		Map<String, INDArray> params = Network.initParams(arch, hidden, 4);
		Classifier c = new Classifier(arch, hidden, cnnsandbox.data.FashionMnist.CLASS_NAMES, new TrainingSettings(arch),
			java.util.List.of(), 0, "test", "test", "now", params);
		INDArray img = Nd4j.create(pixels(1, 11), new long[] { 1, 1, 28, 28 }, 'c');
		java.util.List<String> layers = new java.util.ArrayList<>(arch.layerNames());
		layers.add("logp");
		for (String layer : layers) {
			int unit = layer.equals("logp") ? 7 : c.units(layer) - 2;
			SameDiff sd = SameDiff.create();
			sd.setEnableCache(false);
			Map<String, org.nd4j.autodiff.samediff.SDVariable> p = new HashMap<>();
			params.forEach((k, v) -> p.put(k, sd.constant(k, v.dup())));
			org.nd4j.autodiff.samediff.SDVariable image = sd.var("image", img.dup());
			Network.Forward f = Network.forward(sd, arch, image, p, null, "");
			org.nd4j.autodiff.samediff.SDVariable out = layer.equals("logp") ? Network.logSoftmax(sd, "logp", f.logits)
				: f.layers.get(layer);
			INDArray sel = Nd4j.zeros(DataType.FLOAT, out.eval().shape());
			if (sel.rank() == 4)
				sel.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(unit))
					.assign(1.0 / (sel.size(2) * sel.size(3)));
			else
				sel.putScalar(0, unit, 1.0);
			org.nd4j.autodiff.samediff.SDVariable obj = out.mul(sd.constant("sel", sel)).sum().rename("objective");
			sd.setLossVariables(obj);
			OutAndGrad og = sd.calculateGradientsAndOutputs(Collections.emptyMap(), java.util.List.of("objective"),
				java.util.List.of("image"));
			INDArray g = Nd4j.create(DataType.FLOAT, 1, 1, 28, 28);
			Objective o = layer.equals("logp") ? Objective.classLogProbability(unit) : Objective.unit(layer, unit);
			double v = c.objectiveAndGradient(img, o, g);
			double ev = og.getOutputs().get("objective").getDouble(0);
			assertEquals(ev, v, 1e-4 * Math.max(1, Math.abs(ev)), arch + " " + layer);
			assertClose(og.getGradients().get("image"), g, arch + " d(" + layer + ")/d(image)");
		}
	}

	@Test
	void mlpObjectivesMatchSameDiff() {
		checkObjectives(Architecture.MLP, 100);
	}

	@Test
	void cnnObjectivesMatchSameDiff() {
		checkObjectives(Architecture.CNN, Network.CNN_HIDDEN);
	}
}
