package cnnsandbox.engine;

import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerKind;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.Network;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.LayerOutput;
import cnnsandbox.training.Objective;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingSettings;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The hand-written passes of {@link Engine} agree with SameDiff's autodiff of the same layer lists ({@link Network}):
 * loss, every parameter gradient, the input gradient and the inference output, for every layer type in every layout
 * the engine plans, and for random stacks.
 */
class EngineTest {

	static final int N = 5;

	static float[] pixels(int n, int size, long seed) {
		Random r = new Random(seed);
		float[] p = new float[n * size];
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

	/** Loss, parameter and input gradients (with dropout masks) and inference log-probabilities against SameDiff. */
	static void check(LayerList net, long seed) {
		int pixels = net.inputChannels() * net.inputRows() * net.inputCols(), classes = net.classes();
		Map<String, INDArray> params = Network.initParams(net, seed);
		float[] px = pixels(N, pixels, seed + 1);
		Random r = new Random(seed + 2);
		int[] labels = new int[N], idx = new int[N];
		for (int k = 0; k < N; k++) {
			labels[k] = r.nextInt(classes);
			idx[k] = k;
		}
		Engine e = new Engine(net, copy(params));
		List<INDArray> masks = new ArrayList<>();
		for (DropoutModule d : e.dropouts)
			masks.add(Trainer.dropoutMask(N, (int) d.features, d.p, r));

		// SameDiff: the image as a variable, so that the input gradient can be taken too
		INDArray x = Nd4j.create(px, new long[] { N, net.inputChannels(), net.inputRows(), net.inputCols() }, 'c');
		Map<String, INDArray> reference = new HashMap<>();
		params.forEach((k, v) -> reference.put(k, v.dup()));
		SameDiff sd = Network.trainingGraph(net, reference, x.dup(), Trainer.oneHot(labels, idx, classes));
		Map<String, INDArray> ph = new HashMap<>();
		for (int k = 0; k < masks.size(); k++)
			ph.put(Network.mask(k), masks.get(k));
		List<String> wrt = new ArrayList<>(params.keySet());
		wrt.add(Network.INPUT);
		OutAndGrad og = sd.calculateGradientsAndOutputs(ph, List.of(Network.LOSS), wrt);

		Engine.Batch b = e.batch(N);
		b.load(px, idx, 0);
		e.forward(b, masks.isEmpty() ? null : masks);
		double engineLoss = e.lossAndSeed(b, labels, idx);
		float[] dx = new float[N * pixels];
		e.backward(b, masks.isEmpty() ? null : masks, true, dx);
		String what = "[" + net.text() + "] on " + net.inputRows() + " x " + net.inputCols();
		double expectedLoss = og.getOutputs().get(Network.LOSS).getDouble(0);
		assertEquals(expectedLoss, engineLoss, 1e-4 * Math.abs(expectedLoss), what + " loss");
		for (String name : params.keySet())
			assertClose(og.getGradients().get(name), e.grad.get(name), what + " d/d " + name);
		assertClose(og.getGradients().get(Network.INPUT), Nd4j.create(dx, new long[] { N, net.inputChannels(), net.inputRows(), net.inputCols() }, 'c'),
			what + " d/d input");

		// inference (no dropout) agrees with the SameDiff inference graph
		INDArray expected = Network.inferenceGraph(net, copy(params)).outputSingle(Collections.singletonMap(Network.INPUT, x),
			Network.LOGP);
		Engine.Batch ib = e.inferenceBatch(N);
		ib.load(px, null, 0);
		e.forward(ib, null);
		float[] lp = new float[classes];
		for (int k = 0; k < N; k++) {
			Engine.logSoftmax(ib.zf, k, classes, lp);
			for (int c = 0; c < classes; c++)
				assertEquals(expected.getDouble(k, c), lp[c], 1e-4, what + " log p");
		}
	}

	static LayerList net(String layers, int size, int classes) {
		return LayerList.parse(layers, size, size, classes);
	}

	@Test
	void workshopMlp() {
		check(LayerList.of(LayerList.preset(Architecture.MLP, 100, 10), 28, 28, 10), 3);
	}

	@Test
	void workshopCnn() {
		check(LayerList.of(LayerList.preset(Architecture.CNN, 0, 10), 28, 28, 10), 3);
	}

	/** Each layer kind in each place the planner treats differently. */
	@Test
	void everyLayerType() {
		// first conv (im2col, channels-last), fused and unfused activations, max and average pooling channels-last,
		// dropout after channels-last values (copied to NCHW first), dense after it
		LayerList first = net("conv 4 5, tanh, maxpool 2, sigmoid, avgpool 2, dropout 0.3, relu, dense 3", 12, 3);
		// global average pooling of channels-last values (after the im2col conv) and of NCHW ones (after a strided
		// first conv, which runs on oneDNN NCHW, as the conv and leaky ReLU after it)
		LayerList globalNhwc = net("conv 4 3, globalavgpool, relu, dense 3", 8, 3);
		LayerList globalNchw = net("conv 3 3 stride 2 pad 1, leakyrelu 0.1, conv 5 3, globalavgpool, dense 4", 8, 4);
		assertEquals(Layout.NCHW, new Engine(globalNchw, Network.initParams(globalNchw, 1)).modules.get(2).layout);
		// leaky ReLU channels-last after the im2col conv, again after a second conv (oneDNN, channels-last as its
		// input), then on dense values, before and after an in-place activation
		LayerList leaky = net("conv 4 3, leakyrelu 0.1, maxpool 2, conv 3 3, leakyrelu 0.01, relu, dense 5, tanh, leakyrelu 0.2, dense 3", 8, 3);
		Engine leakyEngine = new Engine(leaky, Network.initParams(leaky, 1));
		assertTrue(leakyEngine.modules.get(3) instanceof ConvModule);
		assertEquals(Layout.NHWC, leakyEngine.modules.get(3).layout, "a conv after channels-last values stays channels-last");
		java.util.Set<LayerKind> kinds = java.util.EnumSet.noneOf(LayerKind.class);
		for (LayerList l : List.of(first, globalNhwc, globalNchw, leaky))
			l.specs().forEach(s -> kinds.add(s.kind));
		assertEquals(java.util.EnumSet.allOf(LayerKind.class), kinds, "a new layer kind needs its case here");
		check(first, 11);
		check(globalNhwc, 17);
		check(globalNchw, 18);
		check(leaky, 20);
		// strided and padded convs (PyTorch's Conv2d(in, C, K, S, P)), first on the input and after another: oneDNN NCHW
		LayerList strided = net("conv 4 3 stride 2 pad 0, relu, conv 3 4 stride 2 pad 1, dense 3", 12, 3);
		assertTrue(new Engine(strided, Network.initParams(strided, 1)).modules.get(0) instanceof ConvModule);
		check(strided, 19);
		// a second conv (oneDNN, channels-last) after a 1x1 im2col conv, pooling and activations after it channels-last,
		// dropout before it
		check(net("conv 3 1, relu, dropout 0.5, conv 5 3, sigmoid, maxpool 3, tanh, avgpool 2, dense 7, tanh, dense 4", 12, 4), 12);
		// pooling and an activation first, on the input; a conv after them runs NCHW on one channel
		check(net("avgpool 2, relu, conv 2 3, maxpool 2, dense 5", 8, 5), 13);
		check(net("maxpool 2, sigmoid, dense 6, dropout 0.25, sigmoid, dense 2", 8, 2), 14);
		// a first conv too large for im2col (64 x 64, 5 x 5) runs on oneDNN NCHW on the input
		LayerList big = net("conv 2 5, maxpool 8, relu, dense 3", 64, 3);
		assertTrue(new Engine(big, Network.initParams(big, 1)).modules.get(0) instanceof ConvModule);
		check(big, 16);
		// dense only, several activations in a row
		check(net("dense 9, relu, tanh, dense 9, sigmoid, dense 3", 6, 3), 15);
	}

	/** Random valid stacks of every layer type. */
	@Test
	void randomStacks() {
		Random r = new Random(42);
		int checked = 0;
		while (checked < 8) {
			int size = new int[] { 4, 6, 8, 12 }[r.nextInt(4)], classes = 2 + r.nextInt(5);
			List<String> layers = new ArrayList<>();
			int convBlocks = r.nextInt(3);
			for (int i = 0; i < convBlocks; i++) {
				int pick = r.nextInt(6);
				if (pick <= 1)
					layers.add("conv " + (1 + r.nextInt(4)) + " " + (1 + 2 * r.nextInt(3)));
				else if (pick == 2)
					layers.add((r.nextBoolean() ? "maxpool " : "avgpool ") + (1 + r.nextInt(3)));
				else if (pick == 3)
					layers.add("dropout 0." + (1 + r.nextInt(8)));
				else
					layers.add(new String[] { "relu", "tanh", "sigmoid" }[r.nextInt(3)]);
				if (r.nextBoolean())
					layers.add(new String[] { "relu", "tanh", "sigmoid", "maxpool 2" }[r.nextInt(4)]);
			}
			for (int i = r.nextInt(3); i > 0; i--) {
				layers.add("dense " + (2 + r.nextInt(8)));
				if (r.nextBoolean())
					layers.add(new String[] { "relu", "tanh", "sigmoid", "dropout 0.5" }[r.nextInt(4)]);
			}
			layers.add("dense " + classes);
			LayerList net;
			try {
				net = LayerList.parse(String.join(", ", layers), size, size, classes);
			} catch (IllegalArgumentException e) {
				continue; // e.g. a pooling size that does not divide the image
			}
			check(net, 100 + checked);
			checked++;
		}
	}

	/** objectiveAndGradient against SameDiff autodiff of (layer output * selector).sum() w.r.t. an image variable. */
	static void checkObjectives(LayerList net) {
		Map<String, INDArray> params = Network.initParams(net, 4);
		List<String> names = new ArrayList<>();
		for (int c = 0; c < net.classes(); c++)
			names.add("class " + c);
		Classifier c = new Classifier(Architecture.CUSTOM, net, names, new TrainingSettings(), List.of(), 0, "test", "test", "now",
			params);
		INDArray img = Nd4j.create(pixels(1, net.inputChannels() * net.inputRows() * net.inputCols(), 11),
			new long[] { 1, net.inputChannels(), net.inputRows(), net.inputCols() }, 'c');
		List<String> layers = new ArrayList<>(net.unitLayers());
		layers.add("logp");
		for (String layer : layers) {
			int unit = layer.equals("logp") ? net.classes() - 1 : c.units(layer) - 2;
			SameDiff sd = SameDiff.create();
			sd.setEnableCache(false);
			Map<String, SDVariable> p = new HashMap<>();
			params.forEach((k, v) -> p.put(k, sd.constant(k, v.dup())));
			SDVariable image = sd.var("image", img.dup());
			Network.Forward f = Network.forward(sd, net, image, p, false);
			SDVariable out = layer.equals("logp") ? Network.logSoftmax(sd, "logp", f.logits) : f.layers.get(layer);
			INDArray sel = Nd4j.zeros(DataType.FLOAT, out.eval().shape());
			if (sel.rank() == 4)
				sel.get(NDArrayIndex.point(0), NDArrayIndex.point(unit)).assign(1.0 / (sel.size(2) * sel.size(3)));
			else
				sel.putScalar(0, unit, 1.0);
			SDVariable obj = out.mul(sd.constant("sel", sel)).sum().rename("objective");
			sd.setLossVariables(obj);
			OutAndGrad og = sd.calculateGradientsAndOutputs(Collections.emptyMap(), List.of("objective"), List.of("image"));
			INDArray g = Nd4j.create(DataType.FLOAT, img.shape());
			Objective o = layer.equals("logp") ? Objective.classLogProbability(unit) : Objective.unit(layer, unit);
			double v = c.objectiveAndGradient(img, o, g);
			double ev = og.getOutputs().get("objective").getDouble(0);
			assertEquals(ev, v, 1e-4 * Math.max(1, Math.abs(ev)), net.text() + " " + layer);
			assertClose(og.getGradients().get("image"), g, net.text() + " d(" + layer + ")/d(image)");
		}
	}

	/**
	 * Colour and multi-channel input: a first conv over 3 (or 2) channels (on oneDNN, not the grey im2col), a first
	 * dense layer over C planes, and pooling first, each against SameDiff: loss, gradients, input gradients,
	 * inference and the objectives of Visualize Neuron.
	 */
	@Test
	void multiChannelInputsMatchSameDiff() {
		for (String layers : List.of("conv 4 3, relu, maxpool 2, dense 3", "dense 6, relu, dense 3", "maxpool 2, conv 3 3, dense 3")) {
			for (int channels : new int[] { 2, 3 }) {
				LayerList net = LayerList.of(cnnsandbox.model.LayerSpec.parseList(layers), channels, 8, 8, 3);
				assertEquals(channels, net.inputShape().channels);
				check(net, 7);
				checkObjectives(net);
			}
		}
		LayerList rgb = LayerList.of(cnnsandbox.model.LayerSpec.parseList("conv 4 3, relu, maxpool 2, dense 3"), 3, 8, 8, 3);
		assertArrayEquals(new long[] { 3, 3, 3, 4 }, rgb.paramShapes().get("conv1_W"), "conv1 takes the 3 channels");
		assertArrayEquals(new long[] { 3 * 64, 6 }, LayerList.of(cnnsandbox.model.LayerSpec.parseList("dense 6, dense 3"), 3, 8, 8, 3)
			.paramShapes().get("fc1_W"), "fc1 takes the 3 planes");
	}

	@Test
	void mlpObjectivesMatchSameDiff() {
		checkObjectives(LayerList.of(LayerList.preset(Architecture.MLP, 100, 10), 28, 28, 10));
	}

	@Test
	void cnnObjectivesMatchSameDiff() {
		checkObjectives(LayerList.of(LayerList.preset(Architecture.CNN, 0, 10), 28, 28, 10));
	}

	@Test
	void customObjectivesMatchSameDiff() {
		checkObjectives(net("avgpool 2, conv 3 3, tanh, conv 4 5, maxpool 2, dense 6, sigmoid, dense 3", 12, 3));
	}

	/** Every layer's output for one image: a conv's before its activation, pooled sizes, values against SameDiff. */
	@Test
	void layerOutputsMatchSameDiff() {
		LayerList net = LayerList.of(LayerList.preset(Architecture.CNN, 0, 4), 12, 12, 4);
		Map<String, INDArray> params = Network.initParams(net, 5);
		Classifier c = new Classifier(Architecture.CNN, net, List.of("a", "b", "c", "d"), new TrainingSettings(), List.of(), 0, "t",
			"t", "now", params);
		float[] px = pixels(1, 144, 6);
		List<LayerOutput> outs = c.layerOutputs(px);
		SameDiff sd = SameDiff.create();
		sd.setEnableCache(false);
		Map<String, SDVariable> p = new HashMap<>();
		params.forEach((k, v) -> p.put(k, sd.constant(k, v.dup())));
		SDVariable image = sd.var("image", Nd4j.create(px, new long[] { 1, 1, 12, 12 }, 'c'));
		Network.Forward f = Network.forward(sd, net, image, p, false);
		assertEquals(net.size(), outs.size());
		for (int i = 0; i < net.size(); i++) {
			LayerOutput o = outs.get(i);
			INDArray expected = f.outputs.get(i).eval();
			assertEquals(expected.length(), o.values.length, o.label());
			assertClose(expected.reshape(expected.length()), Nd4j.createFromArray(o.values), o.label());
		}
		assertEquals("layer 1: conv1 (conv 32 3)", outs.get(0).label());
		assertEquals(32, outs.get(0).channels);
		assertEquals(6, outs.get(2).rows);
		assertEquals(3, outs.get(5).cols);
		// conv1's output is taken before its ReLU (negative values), relu's after
		assertTrue(min(outs.get(0).values) < 0, "conv1 has negative outputs");
		assertEquals(0f, min(outs.get(1).values));
	}

	static float min(float[] v) {
		float m = Float.MAX_VALUE;
		for (float x : v)
			m = Math.min(m, x);
		return m;
	}
}
