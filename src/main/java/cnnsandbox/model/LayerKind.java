package cnnsandbox.model;

import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

import cnnsandbox.engine.Activation;
import cnnsandbox.engine.ConvModule;
import cnnsandbox.engine.DenseModule;
import cnnsandbox.engine.Engine;
import cnnsandbox.engine.GlobalPoolModule;
import cnnsandbox.engine.Im2colConvModule;
import cnnsandbox.engine.Layout;
import cnnsandbox.engine.LeakyReluModule;
import cnnsandbox.engine.PoolModule;
import cnnsandbox.engine.Shape;
import cnnsandbox.options.Options;

/**
 * Every kind of layer a layer list may hold, each in one place: its word and syntax, how its numbers are read and
 * checked, its shape rule and parameters, how the engine plans it (its module, in {@code cnnsandbox.engine}), its
 * SameDiff reference (what EngineTest checks the module against) and its ONNX translation. A new kind is a new
 * constant here plus its module; EngineTest and OnnxExporterTest go over {@link #values()}, so a kind missing a part
 * fails a test.
 * <p>
 * What each kind computes (the contract an exporter relies on):
 * <ul>
 * <li>{@code conv C K [stride S] [pad P]}: 2-D cross-correlation, C output channels, K x K kernel, stride S (1), zero
 * padding P on each side (K/2, which keeps the size for an odd K), plus a bias per channel: PyTorch's Conv2d. Weights
 * [K, K, inC, C] (ND4J's YXIO), bias [C].</li>
 * <li>{@code maxpool S}, {@code avgpool S}: S x S windows, stride S, no padding (the size must be divisible by S).</li>
 * <li>{@code globalavgpool}: each channel's mean over the image, C x 1 x 1.</li>
 * <li>{@code relu}, {@code tanh}, {@code sigmoid}: element-wise.</li>
 * <li>{@code leakyrelu A}: element-wise, x for x > 0 and A x otherwise (PyTorch's LeakyReLU(A)).</li>
 * <li>{@code dropout P}: in training, each value is zeroed with probability P and the others scaled by 1/(1-P)
 * (PyTorch's F.dropout); identity at inference.</li>
 * <li>{@code dense N}: flattens its input in (channel, row, column) order (PyTorch's {@code view}) and applies x W + b,
 * weights [inputs, N], bias [N].</li>
 * </ul>
 * The network ends in a log-softmax over the last dense layer's outputs (the class scores); it is implied, never
 * written.
 */
public enum LayerKind {

	CONV("conv", "conv C K [stride S] [pad P]", "conv") {
		/** Its words are counted by {@link #parse}: C K, then "stride S" and "pad P", each optional. */
		@Override
		LayerSpec parseChecked(String[] w, String where) {
			return parse(w, where);
		}

		/** conv C K, then optionally "stride S" and "pad P" in any order: PyTorch's Conv2d(in, C, K, S, P). */
		@Override
		LayerSpec parse(String[] w, String where) {
			if (w.length < 3 || w.length % 2 == 0 || w.length > 7)
				throw new IllegalArgumentException("layers: " + where + " must be written '" + syntax + "'");
			int c = whole(w[1], where), k = whole(w[2], where), stride = 1, pad = -1;
			boolean strideGiven = false;
			if (c < 1 || c > 4096)
				throw new IllegalArgumentException("layers: " + where + " needs 1 to 4096 channels, got " + c);
			if (k < 1 || k > 31)
				throw new IllegalArgumentException("layers: " + where + " needs a kernel size from 1 to 31, got " + k);
			for (int i = 3; i < w.length; i += 2) {
				int v = whole(w[i + 1], where);
				if (w[i].equals("stride") && !strideGiven && v >= 1 && v <= k) {
					stride = v;
					strideGiven = true;
				}
				else if (w[i].equals("pad") && pad < 0 && v >= 0 && v < k)
					pad = v;
				else
					throw new IllegalArgumentException("layers: " + where + " must be written '" + syntax
						+ "', with a stride from 1 to K and a padding from 0 to K-1, each given once");
			}
			if (pad < 0 && k % 2 == 0)
				throw new IllegalArgumentException("layers: " + where
					+ " needs an odd kernel size (the zero padding K/2 then keeps the size), or its padding written ('pad P'), got " + k);
			return LayerSpec.conv(c, k, stride, pad < 0 ? k / 2 : pad);
		}

		/** The short form when the size is kept (stride 1, padding K/2), as the workshop's lists are written. */
		@Override
		public String text(LayerSpec s) {
			boolean keeps = s.stride == 1 && s.size % 2 == 1 && s.padding == s.size / 2;
			return word + " " + s.units + " " + s.size + (keeps ? "" : " stride " + s.stride + " pad " + s.padding);
		}

		@Override
		Shape outputShape(LayerSpec s, Shape in, String where) {
			if (in.flat)
				throw new IllegalArgumentException("layers: " + where + " needs an image, but a dense layer before it made "
					+ "a vector: put conv layers before the first dense layer");
			int rows = (in.rows + 2 * s.padding - s.size) / s.stride + 1, cols = (in.cols + 2 * s.padding - s.size) / s.stride + 1;
			if (in.rows + 2 * s.padding < s.size || in.cols + 2 * s.padding < s.size)
				throw new IllegalArgumentException("layers: " + where + " needs an input of at least " + (s.size - 2 * s.padding)
					+ " pixels a side, got " + in.rows + " x " + in.cols);
			return new Shape(s.units, rows, cols, false);
		}

		@Override
		long[][] parameterShapes(LayerSpec s, Shape in) {
			return new long[][] { { s.size, s.size, in.channels, s.units }, { s.units } };
		}

		@Override
		long multiplyAdds(LayerSpec s, Shape in, Shape out) {
			return out.size() * in.channels * s.size * s.size;
		}

		/** The im2col columns: out rows x cols x in channels x K x K. */
		@Override
		long scratchFloats(LayerSpec s, Shape in, Shape out) {
			return cnnsandbox.files.MemoryBudget.times((long) out.rows * out.cols, in.channels, (long) s.size * s.size);
		}

		/** A first conv that keeps the size runs as a Java im2col times a matrix (measured fastest); others on oneDNN. */
		@Override
		void plan(LayerSpec s, Engine.Planner p, int i, Shape in, Shape out, String name) {
			boolean keepsSize = s.stride == 1 && s.size % 2 == 1 && s.padding == s.size / 2;
			if (keepsSize && p.im2colFits(i, s.size)) {
				p.add(new Im2colConvModule(name, s.units, s.size, out, p.inputRows(), p.inputCols(), p.params(), p.grads()),
					Layout.NHWC);
			} else {
				// channels-last values stay so (no copy to NCHW and back around oneDNN's channels-last kernel)
				Layout l = p.layout() == Layout.NHWC ? Layout.NHWC : Layout.NCHW;
				p.add(new ConvModule(name, s.units, s.size, s.stride, s.padding, in, out, l, p.params(), p.grads()), l);
			}
		}

		@Override
		SDVariable sameDiff(LayerSpec s, SameDiff sd, SDVariable x, Shape in, String name, Map<String, SDVariable> p) {
			Conv2DConfig conv = Conv2DConfig.builder().kH(s.size).kW(s.size).sH(s.stride).sW(s.stride).pH(s.padding).pW(s.padding)
				.dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build();
			return sd.cnn().conv2d(name, x, p.get(name + "_W"), p.get(name + "_b"), conv);
		}

		@Override
		public void onnx(LayerSpec s, OnnxGraph g, Shape in, String name) {
			// [kH, kW, in, out] (YXIO) -> ONNX [out, in, kH, kW]
			String w = g.constant(name + "_W", g.parameter(name + "_W").permute(3, 2, 0, 1));
			String b = g.constant(name + "_b", g.parameter(name + "_b"));
			int pad = s.padding;
			g.node("Conv", name, w, b).addAttribute(OnnxGraph.ints("kernel_shape", s.size, s.size))
				.addAttribute(OnnxGraph.ints("strides", s.stride, s.stride)).addAttribute(OnnxGraph.ints("pads", pad, pad, pad, pad));
		}

		@Override
		public Map<String, Number> numbers(LayerSpec s) {
			return numbers("units", s.units, "kernel", s.size, "stride", s.stride, "padding", s.padding);
		}
	},

	MAXPOOL("maxpool", "maxpool S", null) {
		@Override
		LayerSpec parse(String[] w, String where) {
			return LayerSpec.maxpool(window(w[1], where));
		}

		@Override
		public String text(LayerSpec s) {
			return word + " " + s.size;
		}

		@Override
		public Map<String, Number> numbers(LayerSpec s) {
			return numbers("size", s.size, "stride", s.size);
		}

		@Override
		Shape outputShape(LayerSpec s, Shape in, String where) {
			return pooled(s, in, where);
		}

		@Override
		void plan(LayerSpec s, Engine.Planner p, int i, Shape in, Shape out, String name) {
			p.add(new PoolModule(true, s.size, in, out, p.layout()));
		}

		@Override
		SDVariable sameDiff(LayerSpec s, SameDiff sd, SDVariable x, Shape in, String name, Map<String, SDVariable> p) {
			return sd.cnn().maxPooling2d(x, pooling(s));
		}

		@Override
		public void onnx(LayerSpec s, OnnxGraph g, Shape in, String name) {
			g.node("MaxPool", name).addAttribute(OnnxGraph.ints("kernel_shape", s.size, s.size))
				.addAttribute(OnnxGraph.ints("strides", s.size, s.size));
		}
	},

	AVGPOOL("avgpool", "avgpool S", null) {
		@Override
		LayerSpec parse(String[] w, String where) {
			return LayerSpec.avgpool(window(w[1], where));
		}

		@Override
		public String text(LayerSpec s) {
			return word + " " + s.size;
		}

		@Override
		public Map<String, Number> numbers(LayerSpec s) {
			return numbers("size", s.size, "stride", s.size);
		}

		@Override
		Shape outputShape(LayerSpec s, Shape in, String where) {
			return pooled(s, in, where);
		}

		@Override
		void plan(LayerSpec s, Engine.Planner p, int i, Shape in, Shape out, String name) {
			p.add(new PoolModule(false, s.size, in, out, p.layout()));
		}

		@Override
		SDVariable sameDiff(LayerSpec s, SameDiff sd, SDVariable x, Shape in, String name, Map<String, SDVariable> p) {
			return sd.cnn().avgPooling2d(x, pooling(s));
		}

		@Override
		public void onnx(LayerSpec s, OnnxGraph g, Shape in, String name) {
			g.node("AveragePool", name).addAttribute(OnnxGraph.ints("kernel_shape", s.size, s.size))
				.addAttribute(OnnxGraph.ints("strides", s.size, s.size));
		}
	},

	GLOBALAVGPOOL("globalavgpool", "globalavgpool", null) {
		@Override
		Shape outputShape(LayerSpec s, Shape in, String where) {
			if (in.flat)
				throw new IllegalArgumentException("layers: " + where + " needs an image, but a dense layer before it made "
					+ "a vector: put pooling layers before the first dense layer");
			return new Shape(in.channels, 1, 1, false);
		}

		@Override
		void plan(LayerSpec s, Engine.Planner p, int i, Shape in, Shape out, String name) {
			p.add(new GlobalPoolModule(in, p.layout()), Layout.NCHW); // [n, C] is [n, C, 1, 1] whatever came in
		}

		@Override
		SDVariable sameDiff(LayerSpec s, SameDiff sd, SDVariable x, Shape in, String name, Map<String, SDVariable> p) {
			return x.mean(true, 2, 3);
		}

		@Override
		public void onnx(LayerSpec s, OnnxGraph g, Shape in, String name) {
			g.node("GlobalAveragePool", name);
		}
	},

	RELU("relu", "relu", null) {
		@Override
		SDVariable sameDiff(LayerSpec s, SameDiff sd, SDVariable x, Shape in, String name, Map<String, SDVariable> p) {
			return sd.nn().relu(x, 0);
		}

		@Override
		public void onnx(LayerSpec s, OnnxGraph g, Shape in, String name) {
			g.node("Relu", name);
		}

		@Override
		public Activation activation() {
			return Activation.RELU;
		}
	},

	TANH("tanh", "tanh", null) {
		@Override
		SDVariable sameDiff(LayerSpec s, SameDiff sd, SDVariable x, Shape in, String name, Map<String, SDVariable> p) {
			return sd.math().tanh(x);
		}

		@Override
		public void onnx(LayerSpec s, OnnxGraph g, Shape in, String name) {
			g.node("Tanh", name);
		}

		@Override
		public Activation activation() {
			return Activation.TANH;
		}
	},

	SIGMOID("sigmoid", "sigmoid", null) {
		@Override
		SDVariable sameDiff(LayerSpec s, SameDiff sd, SDVariable x, Shape in, String name, Map<String, SDVariable> p) {
			return sd.nn().sigmoid(x);
		}

		@Override
		public void onnx(LayerSpec s, OnnxGraph g, Shape in, String name) {
			g.node("Sigmoid", name);
		}

		@Override
		public Activation activation() {
			return Activation.SIGMOID;
		}
	},

	LEAKYRELU("leakyrelu", "leakyrelu A", null) {
		@Override
		LayerSpec parse(String[] w, String where) {
			return LayerSpec.leakyrelu(belowOne(w[1], where, syntax, "a slope >= 0 and < 1 (PyTorch's default: 0.01)"));
		}

		@Override
		public Map<String, Number> numbers(LayerSpec s) {
			return numbers("slope", s.slope);
		}

		@Override
		public String text(LayerSpec s) {
			return word + " " + s.slope;
		}

		@Override
		void plan(LayerSpec s, Engine.Planner p, int i, Shape in, Shape out, String name) {
			p.add(new LeakyReluModule(s.slope));
		}

		@Override
		SDVariable sameDiff(LayerSpec s, SameDiff sd, SDVariable x, Shape in, String name, Map<String, SDVariable> p) {
			return sd.nn().leakyRelu(x, s.slope);
		}

		@Override
		public void onnx(LayerSpec s, OnnxGraph g, Shape in, String name) {
			g.node("LeakyRelu", name).addAttribute(OnnxGraph.floatAttribute("alpha", (float) s.slope));
		}
	},

	DROPOUT("dropout", "dropout P", null) {
		@Override
		LayerSpec parse(String[] w, String where) {
			return LayerSpec.dropout(belowOne(w[1], where, syntax, "a drop probability >= 0 and < 1"));
		}

		@Override
		public Map<String, Number> numbers(LayerSpec s) {
			return numbers("probability", s.probability);
		}

		@Override
		public String text(LayerSpec s) {
			double p = s.probability;
			return word + " " + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p));
		}

		@Override
		void plan(LayerSpec s, Engine.Planner p, int i, Shape in, Shape out, String name) {
			p.dropout(s.probability, out);
		}

		/** Training: the input times the layer's mask (0 or 1/(1-p)); without a mask (inference) the identity. */
		@Override
		SDVariable sameDiff(LayerSpec s, SameDiff sd, SDVariable x, Shape in, String name, Map<String, SDVariable> p) {
			SDVariable m = p.get(name);
			if (m == null)
				return x;
			return in.flat ? x.mul(m) : x.mul(sd.reshape(m, -1, in.channels, in.rows, in.cols));
		}

		@Override
		public void onnx(LayerSpec s, OnnxGraph g, Shape in, String name) {
			// inference: the identity, as the engine (no node, so no runtime can apply it)
		}

		@Override
		public boolean drawsMask() {
			return true;
		}
	},

	DENSE("dense", "dense N", "fc") {
		@Override
		LayerSpec parse(String[] w, String where) {
			int n = whole(w[1], where);
			if (n < 1 || n > 100_000)
				throw new IllegalArgumentException("layers: " + where + " needs 1 to 100000 units, got " + n);
			return LayerSpec.dense(n);
		}

		@Override
		public Map<String, Number> numbers(LayerSpec s) {
			return numbers("units", s.units);
		}

		@Override
		public String text(LayerSpec s) {
			return word + " " + s.units;
		}

		@Override
		Shape outputShape(LayerSpec s, Shape in, String where) {
			return new Shape(s.units, 1, 1, true);
		}

		@Override
		long[][] parameterShapes(LayerSpec s, Shape in) {
			return new long[][] { { in.size(), s.units }, { s.units } };
		}

		@Override
		long multiplyAdds(LayerSpec s, Shape in, Shape out) {
			return in.size() * s.units;
		}

		@Override
		void plan(LayerSpec s, Engine.Planner p, int i, Shape in, Shape out, String name) {
			p.toNchw(in);
			p.add(new DenseModule(name, in, out, p.params(), p.grads()), Layout.FLAT);
		}

		@Override
		SDVariable sameDiff(LayerSpec s, SameDiff sd, SDVariable x, Shape in, String name, Map<String, SDVariable> p) {
			return sd.nn().linear(name, sd.reshape(x, -1, in.size()), p.get(name + "_W"), p.get(name + "_b"));
		}

		@Override
		public void onnx(LayerSpec s, OnnxGraph g, Shape in, String name) {
			if (!in.flat) // [N, C, H, W] -> [N, C*H*W] in (channel, row, column) order: the engine's (PyTorch's) flatten
				g.node("Flatten", name + "_flatten").addAttribute(OnnxGraph.attribute("axis", 1));
			// x [N, in] . W [in, out] + b: Gemm with W as stored (no transpose)
			g.node("Gemm", name, g.constant(name + "_W", g.parameter(name + "_W")), g.constant(name + "_b", g.parameter(name + "_b")));
		}
	};

	/** The word of the layer list. */
	public final String word;
	/** The syntax, for messages. */
	public final String syntax;
	/** Layers with parameters are named prefix1, prefix2... (conv1, fc1: the workshop's names); null for the others. */
	final String namePrefix;

	LayerKind(String word, String syntax, String namePrefix) {
		this.word = word;
		this.syntax = syntax;
		this.namePrefix = namePrefix;
	}

	/** How many numbers follow the word (conv: at least). */
	int arguments() {
		return syntax.replaceAll(" \\[.*", "").split(" ").length - 1;
	}

	/** The layer from its words ({@code w[0]} is the kind's word), checked; {@code where} names it in messages. */
	LayerSpec parse(String[] w, String where) {
		return LayerSpec.of(this);
	}

	/** {@link #parse}, after checking that as many numbers follow the word as the syntax has. */
	LayerSpec parseChecked(String[] w, String where) {
		if (w.length - 1 != arguments())
			throw new IllegalArgumentException("layers: " + where + " must be written '" + syntax + "'"
				+ (arguments() == 0 ? " (no number)" : ""));
		return parse(w, where);
	}

	/** The layer as written in a list. */
	public String text(LayerSpec s) {
		return word;
	}

	/** The layer's numbers by name, as a model file describes them (conv: units, kernel, padding...). */
	public Map<String, Number> numbers(LayerSpec s) {
		return Map.of();
	}

	/**
	 * A layer's number in [0, 1) (dropout's probability, leakyrelu's slope), in the one plain decimal grammar (0.5d,
	 * 0x1p-1 and +0.5 are refused); else a one-line refusal naming the layer and {@code what} it needs.
	 */
	static double belowOne(String word, String where, String syntax, String what) {
		double v;
		try {
			v = Options.number("layers", word);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("layers: " + where + " must be written '" + syntax + "' with a number");
		}
		if (!(v >= 0 && v < 1))
			throw new IllegalArgumentException("layers: " + where + " needs " + what + ", got " + word);
		return v;
	}

	/** Names and values, in order. */
	static Map<String, Number> numbers(Object... nameValue) {
		Map<String, Number> m = new java.util.LinkedHashMap<>();
		for (int i = 0; i < nameValue.length; i += 2)
			m.put((String) nameValue[i], (Number) nameValue[i + 1]);
		return m;
	}

	/** The shape of the layer's output, or a one-line refusal starting with {@code layers:}. */
	Shape outputShape(LayerSpec s, Shape in, String where) {
		return in;
	}

	/** Shapes of the weights then the bias, or none. */
	long[][] parameterShapes(LayerSpec s, Shape in) {
		return new long[0][];
	}

	/** Multiply-adds per image of the layer's product (0 without one). */
	long multiplyAdds(LayerSpec s, Shape in, Shape out) {
		return 0;
	}

	/** Floats per image a pass holds besides the layer's output (a convolution's im2col), for memory estimates. */
	long scratchFloats(LayerSpec s, Shape in, Shape out) {
		return 0;
	}

	/** Adds the layer's engine module(s) to the plan. */
	void plan(LayerSpec s, Engine.Planner p, int i, Shape in, Shape out, String name) {
		p.activation(activation());
	}

	/**
	 * The layer in SameDiff (NCHW, as PyTorch), the reference the engine is checked against. {@code p} holds the
	 * parameters by name and, for a layer that {@link #drawsMask()} in training, its mask under the layer's name.
	 */
	abstract SDVariable sameDiff(LayerSpec s, SameDiff sd, SDVariable x, Shape in, String name, Map<String, SDVariable> p);

	/** Appends the layer's ONNX node(s) at inference. */
	public abstract void onnx(LayerSpec s, OnnxGraph g, Shape in, String name);

	/** The element-wise activation this kind is, or null. */
	public Activation activation() {
		return null;
	}

	/** Whether training draws a random mask for this layer (dropout). */
	public boolean drawsMask() {
		return false;
	}

	/** conv and dense: the layers with weights, and whose units Visualize Neuron can maximise. */
	public boolean hasParameters() {
		return namePrefix != null;
	}

	/** The syntax of every kind, for messages: {@code conv C K, maxpool S, ...}. */
	public static String syntaxes() {
		StringBuilder sb = new StringBuilder();
		for (LayerKind k : values())
			sb.append(sb.length() == 0 ? "" : ", ").append(k.syntax);
		return sb.toString();
	}

	/** The kind written {@code word} (lower case), or null. */
	static LayerKind of(String word) {
		for (LayerKind k : values())
			if (k.word.equals(word))
				return k;
		return null;
	}

	/** A whole number of this kind's syntax, in the one grammar of {@link Options#integer} (no +1, no full-width digits). */
	int whole(String text, String where) {
		try {
			long v = Options.integer("layers", text);
			if (v == (int) v)
				return (int) v;
		} catch (IllegalArgumentException e) {
			// below: the layer's own message
		}
		throw new IllegalArgumentException("layers: " + where + " must be written '" + syntax + "' with whole numbers");
	}

	/** A pooling window. */
	int window(String text, String where) {
		int s = whole(text, where);
		if (s < 1 || s > 1024)
			throw new IllegalArgumentException("layers: " + where + " needs a window size from 1 to 1024, got " + s);
		return s;
	}

	private static Shape pooled(LayerSpec s, Shape in, String where) {
		if (in.flat)
			throw new IllegalArgumentException("layers: " + where + " needs an image, but a dense layer before it made "
				+ "a vector: put pooling layers before the first dense layer");
		if (in.rows % s.size != 0 || in.cols % s.size != 0)
			throw new IllegalArgumentException("layers: " + where + " needs a size divisible by " + s.size + ", got " + in.rows
				+ " x " + in.cols);
		return new Shape(in.channels, in.rows / s.size, in.cols / s.size, false);
	}

	private static Pooling2DConfig pooling(LayerSpec s) {
		return Pooling2DConfig.builder().kH(s.size).kW(s.size).sH(s.size).sW(s.size).pH(0).pW(0).dH(1).dW(1)
			.paddingMode(PaddingMode.VALID).isNHWC(false).build();
	}
}
