package cnnsandbox.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds the SameDiff graphs of the two architectures from a set of named parameters, and holds their shapes and
 * PyTorch initialisation. Training, inference and input gradients run on {@link Engine} (measured 5-15x faster);
 * these graphs stay as the reference that EngineTest checks Engine's values and gradients against.
 * <p>
 * Parameter layouts: conv weights [kH, kW, inC, outC] (ND4J's YXIO), conv bias [outC], dense weights [in, out]
 * (x·W), dense bias [out]. The outputs named after the layers ({@code conv1}, {@code conv2}, {@code fc1},
 * {@code fc2}) are the pre-activation outputs of those layers, as a PyTorch forward hook on the module sees them;
 * {@code logp} is the log-softmax. The flatten order is (channel, row, column), as PyTorch's {@code view}.
 */
final class Network {

	static final String INPUT = "input", LABEL = "label", MASK = "dropmask", LOSS = "loss", LOGP = "logp";
	static final int ROWS = 28, COLS = 28, CLASSES = 10;
	static final int CONV1 = 32, CONV2 = 64, CNN_HIDDEN = 128, FLAT = CONV2 * 7 * 7;
	/** PyTorch's F.dropout(p=0.5): drop probability. */
	static final double DROP_PROBABILITY = 0.5;

	private Network() {}

	/** Parameter names and shapes, in a fixed order. */
	static Map<String, long[]> paramShapes(Architecture arch, int hidden) {
		Map<String, long[]> s = new LinkedHashMap<>();
		if (arch == Architecture.MLP) {
			s.put("fc1_W", new long[] { ROWS * COLS, hidden });
			s.put("fc1_b", new long[] { hidden });
			s.put("fc2_W", new long[] { hidden, CLASSES });
			s.put("fc2_b", new long[] { CLASSES });
		} else {
			s.put("conv1_W", new long[] { 3, 3, 1, CONV1 });
			s.put("conv1_b", new long[] { CONV1 });
			s.put("conv2_W", new long[] { 3, 3, CONV1, CONV2 });
			s.put("conv2_b", new long[] { CONV2 });
			s.put("fc1_W", new long[] { FLAT, CNN_HIDDEN });
			s.put("fc1_b", new long[] { CNN_HIDDEN });
			s.put("fc2_W", new long[] { CNN_HIDDEN, CLASSES });
			s.put("fc2_b", new long[] { CLASSES });
		}
		return s;
	}

	/**
	 * PyTorch's default initialisation of Conv2d and Linear (kaiming_uniform with a = sqrt(5)): weights and biases
	 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn from a {@link Random} seeded with {@code seed}.
	 */
	static Map<String, INDArray> initParams(Architecture arch, int hidden, long seed) {
		Random rng = new Random(seed);
		Map<String, INDArray> params = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> e : paramShapes(arch, hidden).entrySet()) {
			String layer = e.getKey().substring(0, e.getKey().indexOf('_'));
			long[] w = paramShapes(arch, hidden).get(layer + "_W");
			long fanIn = w.length == 4 ? w[0] * w[1] * w[2] : w[0];
			double bound = 1 / Math.sqrt(fanIn);
			long n = 1;
			for (long d : e.getValue())
				n *= d;
			float[] values = new float[(int) n];
			for (int i = 0; i < values.length; i++)
				values[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
			params.put(e.getKey(), Nd4j.create(values, e.getValue(), 'c'));
		}
		return params;
	}

	/** Outputs of one forward pass. */
	static final class Forward {
		final Map<String, SDVariable> layers = new LinkedHashMap<>();
		/** The fc2 output (logits). */
		SDVariable logits;
	}

	/**
	 * The training graph: parameters as trainable variables, placeholders {@code input} [n,1,28,28], {@code label}
	 * [n,10] one-hot, and for the CNN {@code dropmask} [n, 3136] (0 or 1/(1-p)); outputs {@code loss} (mean NLL with
	 * dropout) and {@code logp} (inference path, no dropout, sharing the same weights). Built with SameDiff's array cache
	 * off: measured in M2.1, with it on, {@code output()} ignored in-place weight updates and a second call with new
	 * inputs returned wrong values.
	 */
	static SameDiff trainingGraph(Architecture arch, Map<String, INDArray> params) {
		SameDiff sd = SameDiff.create();
		sd.setEnableCache(false); // M2.1: with the array cache, a second output() or in-place weight update can give stale or wrong results
		Map<String, SDVariable> p = new LinkedHashMap<>();
		for (Map.Entry<String, INDArray> e : params.entrySet())
			p.put(e.getKey(), sd.var(e.getKey(), e.getValue()));
		SDVariable input = sd.placeHolder(INPUT, DataType.FLOAT, -1, 1, ROWS, COLS);
		SDVariable label = sd.placeHolder(LABEL, DataType.FLOAT, -1, CLASSES);
		SDVariable mask = arch == Architecture.CNN ? sd.placeHolder(MASK, DataType.FLOAT, -1, FLAT) : null;
		Forward eval = forward(sd, arch, input, p, null, "");
		SDVariable logp = logSoftmax(sd, LOGP, eval.logits);
		if (mask != null)
			logp = logSoftmax(sd, "logp_train", forward(sd, arch, input, p, mask, "_train").logits);
		// mean over the batch of -log p(label)
		SDVariable loss = logp.mul(label).sum(1).mean(0).neg().rename(LOSS);
		sd.setLossVariables(loss);
		return sd;
	}

	/**
	 * The inference graph: parameters as constants, placeholder {@code input} [n,1,28,28]; output {@code logp}.
	 * Convolutions run channels-last (faster forward).
	 */
	static SameDiff inferenceGraph(Architecture arch, Map<String, INDArray> params) {
		SameDiff sd = SameDiff.create();
		sd.setEnableCache(false); // M2.1: with the array cache, a second output() or in-place weight update can give stale or wrong results
		Map<String, SDVariable> p = new LinkedHashMap<>();
		for (Map.Entry<String, INDArray> e : params.entrySet())
			p.put(e.getKey(), sd.constant(e.getKey(), e.getValue()));
		SDVariable input = sd.placeHolder(INPUT, DataType.FLOAT, -1, 1, ROWS, COLS);
		Forward f = forward(sd, arch, input, p, null, "", true);
		logSoftmax(sd, LOGP, f.logits);
		return sd;
	}

	/**
	 * Forward pass up to the logits; layers named
	 * {@code conv1, conv2, fc1, fc2} + suffix.
	 */
	static Forward forward(SameDiff sd, Architecture arch, SDVariable input, Map<String, SDVariable> p, SDVariable mask,
		String suffix) {
		return forward(sd, arch, input, p, mask, suffix, false);
	}

	/**
	 * @param nhwc run the convolutions channels-last (measured with oneDNN in M2.1: forward conv ~6x faster than
	 *            NCHW, whose inputs are reordered at every call, but backward slower); the layer outputs conv1,
	 *            conv2 are then [n, h, w, c]
	 */
	static Forward forward(SameDiff sd, Architecture arch, SDVariable input, Map<String, SDVariable> p, SDVariable mask,
		String suffix, boolean nhwc) {
		Forward f = new Forward();
		SDVariable flat;
		if (arch == Architecture.CNN) {
			Conv2DConfig conv = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1).dH(1).dW(1)
				.paddingMode(PaddingMode.VALID).dataFormat(nhwc ? Conv2DConfig.NHWC : Conv2DConfig.NCHW)
				.weightsFormat(WeightsFormat.YXIO).build();
			Pooling2DConfig pool = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).pH(0).pW(0).dH(1).dW(1)
				.paddingMode(PaddingMode.VALID).isNHWC(nhwc).build();
			// one channel: [n,1,28,28] and [n,28,28,1] have the same memory layout
			SDVariable x = nhwc ? sd.reshape(input, -1, ROWS, COLS, 1) : input;
			if (suffix.isEmpty()) { // the convolutional trunk is shared between the training and inference paths
				SDVariable c1 = sd.cnn().conv2d("conv1", x, p.get("conv1_W"), p.get("conv1_b"), conv);
				f.layers.put("conv1", c1);
				SDVariable h1 = sd.cnn().maxPooling2d(sd.nn().relu(c1, 0), pool);
				SDVariable c2 = sd.cnn().conv2d("conv2", h1, p.get("conv2_W"), p.get("conv2_b"), conv);
				f.layers.put("conv2", c2);
				SDVariable h2 = sd.cnn().maxPooling2d(sd.nn().relu(c2, 0), pool);
				// flatten in PyTorch's (channel, row, column) order whatever the layout, so the weights are shared
				flat = sd.reshape("flat", nhwc ? h2.permute(0, 3, 1, 2) : h2, -1, FLAT);
			} else
				flat = sd.getVariable("flat");
			if (mask != null)
				flat = flat.mul(mask);
		} else
			flat = sd.reshape("flat" + suffix, input, -1, ROWS * COLS);
		SDVariable fc1 = sd.nn().linear("fc1" + suffix, flat, p.get("fc1_W"), p.get("fc1_b"));
		f.layers.put("fc1", fc1);
		SDVariable fc2 = sd.nn().linear("fc2" + suffix, sd.nn().relu(fc1, 0), p.get("fc2_W"), p.get("fc2_b"));
		f.layers.put("fc2", fc2);
		f.logits = fc2;
		return f;
	}

	/**
	 * Log-softmax over dimension 1 of [n, 10] logits, written with elementary ops: in M2.1 the {@code log_softmax}
	 * op does not survive the graph cloning that SameDiff's gradient function does (its dimension property fails
	 * to serialise), so the gradient graph would compute a different function.
	 */
	static SDVariable logSoftmax(SameDiff sd, String name, SDVariable logits) {
		SDVariable shifted = logits.sub(logits.max(true, 1));
		SDVariable lse = sd.math().log(sd.math().exp(shifted).sum(true, 1));
		return shifted.sub(name, lse);
	}
}
