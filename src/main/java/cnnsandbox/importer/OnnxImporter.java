package cnnsandbox.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.CodedInputStream;

import cnnsandbox.data.ClassNames;
import cnnsandbox.files.RegularFiles;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerKind;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.LayerSpec;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.TrainingSettings;
import onnx.OnnxMl.AttributeProto;
import onnx.OnnxMl.GraphProto;
import onnx.OnnxMl.ModelProto;
import onnx.OnnxMl.NodeProto;
import onnx.OnnxMl.StringStringEntryProto;
import onnx.OnnxMl.TensorProto;
import onnx.OnnxMl.TensorShapeProto;
import onnx.OnnxMl.ValueInfoProto;

/**
 * Translates the ONNX graph of a feed-forward classifier into a layer list and its weights, so that it runs on the
 * sandbox's own engine and every command takes it: not a second engine. The graph must be a chain (each node reads the
 * previous one's output) of the ops a PyTorch or Keras exporter writes for such nets: Conv (any stride, symmetric
 * padding), Relu, LeakyRelu, Tanh, Sigmoid, MaxPool and AveragePool (window = stride, no padding), GlobalAveragePool, Flatten and
 * Reshape to [N, -1], Gemm, MatMul + Add, BatchNormalization (folded into the conv or dense layer before it), Pad (zeros,
 * folded into the conv after it), Dropout and Identity (identity at inference), and a final Softmax or LogSoftmax (or
 * raw logits: the softmax is implied). Anything else is refused in one line naming the op, the node and what is
 * supported; the model file is written only from a complete translation.
 */
public final class OnnxImporter {

	/** The ops a graph may hold, for messages. */
	static final String SUPPORTED = "Conv, BatchNormalization, Relu, LeakyRelu, Tanh, Sigmoid, MaxPool, AveragePool, GlobalAveragePool, "
		+ "Flatten, Reshape, Transpose (channels-last input and flatten), Gemm, MatMul + Add, Pad, Dropout, Identity, Softmax / LogSoftmax at the end";
	/** At most this many bytes of ONNX are read: the sandbox's largest network is 100 M parameters (400 MB). */
	static final long MAX_BYTES = 512L << 20;

	private final Path file;
	private final Map<String, float[]> constants = new HashMap<>();
	private final Map<String, long[]> constantShapes = new HashMap<>();
	private final List<LayerSpec> specs = new ArrayList<>();
	/** Per layer with parameters, in order: weights in the engine's layout and the bias. */
	private final List<INDArray[]> weights = new ArrayList<>();
	/** Zero padding of a Pad node waiting for the conv after it. */
	private int pendingPad;
	/** The input is declared [N, H, W, 1] and its first Transpose (to NCHW) was seen. */
	private boolean channelsLastInput, inputTransposed;
	/** Values are channels-last since a Transpose [0, 2, 3, 1], until the dense layer that flattens them. */
	private boolean channelsLast;
	/** Indices (in weights) of the dense layers that read channels-last values. */
	private final java.util.Set<Integer> channelsLastDense = new java.util.HashSet<>();

	private OnnxImporter(Path file) {
		this.file = file;
	}

	/**
	 * The classifier of an ONNX file.
	 *
	 * @param classNames the class names, or null: the file's {@code class_names} metadata (Export Model writes it), else
	 *            class 0..N-1
	 * @throws IOException one line naming the file, what is wrong and what is supported
	 */
	public static Classifier read(Path file, List<String> classNames) throws IOException {
		return read(file, classNames, null);
	}

	/**
	 * @param packageNames names from a bioimage.io package's output channels, or null: used when classNames is empty
	 *            and they are one per output, before the file's metadata
	 */
	public static Classifier read(Path file, List<String> classNames, List<String> packageNames) throws IOException {
		ModelProto model = parse(file);
		OnnxImporter importer = new OnnxImporter(file);
		importer.packageNames = packageNames;
		return importer.translate(model, classNames);
	}

	/** A package's output channel names, or null. */
	private List<String> packageNames;

	private static ModelProto parse(Path file) throws IOException {
		RegularFiles.requireReadable(file, "input_file");
		long size = Files.size(file);
		if (size > MAX_BYTES)
			throw new IOException("input_file " + file + " is " + (size >> 20) + " MB; at most " + (MAX_BYTES >> 20)
				+ " MB of ONNX is read (the sandbox's largest network, 100 M parameters, is 400 MB)");
		try (InputStream in = Files.newInputStream(file)) {
			CodedInputStream coded = CodedInputStream.newInstance(in);
			coded.setSizeLimit((int) Math.min(Integer.MAX_VALUE, MAX_BYTES));
			ModelProto m = ModelProto.parseFrom(coded);
			if (!m.hasGraph() || m.getGraph().getNodeCount() == 0)
				throw new IOException("input_file " + file + " is not an ONNX model (no graph): give the .onnx file an exporter wrote");
			return m;
		}
		catch (org.nd4j.shade.protobuf.InvalidProtocolBufferException e) {
			throw new IOException("input_file " + file + " is not an ONNX model (" + e.getMessage() + "): give the .onnx file an "
				+ "exporter wrote", e);
		}
	}

	/** The input's channels (its dimension 1). */
	private int inputChannels = 1;

	private Classifier translate(ModelProto model, List<String> names) throws IOException {
		GraphProto g = model.getGraph();
		for (TensorProto t : g.getInitializerList())
			constant(t);
		for (NodeProto n : g.getNodeList())
			if (n.getOpType().equals("Constant") && n.getAttributeCount() > 0 && n.getAttribute(0).hasT())
				constant(n.getAttribute(0).getT().toBuilder().setName(n.getOutput(0)).build());
		ValueInfoProto input = input(g);
		List<TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
		// a channels-last exporter (tf2onnx) declares [N, H, W, 1] and transposes it to NCHW first
		channelsLastInput = dims.size() == 4 && dims.get(3).getDimValue() == 1 && dims.get(1).getDimValue() > 1
			&& firstNodeIs(g, "Transpose", input.getName());
		int r0 = channelsLastInput ? 1 : 2, c0 = channelsLastInput ? 2 : 3, ch = channelsLastInput ? 3 : 1;
		if (dims.size() != 4 || dims.get(ch).getDimValue() < 1 || dims.get(ch).getDimValue() > LayerList.MAX_CHANNELS
			|| dims.get(r0).getDimValue() < 1 || dims.get(c0).getDimValue() < 1)
			throw refuse("its input " + input.getName() + " is " + describe(dims) + "; an image [N, C, H, W] with a fixed C (1 to "
				+ LayerList.MAX_CHANNELS + "), H and W is supported (or a grey [N, H, W, 1] transposed to it first)");
		int rows = (int) dims.get(r0).getDimValue(), cols = (int) dims.get(c0).getDimValue();
		inputChannels = (int) dims.get(ch).getDimValue();

		String current = input.getName();
		List<NodeProto> nodes = new ArrayList<>();
		for (NodeProto n : g.getNodeList())
			if (!n.getOpType().equals("Constant"))
				nodes.add(n);
		for (int i = 0; i < nodes.size(); i++) {
			NodeProto n = nodes.get(i);
			if (n.getInputCount() == 0 || !n.getInput(0).equals(current))
				throw refuse("node " + name(n) + " (" + n.getOpType() + ") reads " + (n.getInputCount() == 0 ? "nothing" : n.getInput(0))
					+ ", not the output of the node before it: only a chain of layers is supported (no skip connections or branches)");
			for (int k = 1; k < n.getInputCount(); k++)
				if (!n.getInput(k).isEmpty() && !constants.containsKey(n.getInput(k)))
					throw refuse("node " + name(n) + " (" + n.getOpType() + ") also reads " + n.getInput(k) + ", which is computed: only "
						+ "a chain of layers is supported (no skip connections or branches)");
			boolean last = i == nodes.size() - 1;
			if (n.getOpType().equals("MatMul") && i + 1 < nodes.size() && nodes.get(i + 1).getOpType().equals("Add")) {
				matMulAdd(n, nodes.get(i + 1));
				current = nodes.get(++i).getOutput(0);
				continue;
			}
			op(n, last);
			current = n.getOutput(0);
		}
		if (pendingPad > 0)
			throw refuse("its last Pad is followed by no Conv: padding is supported before a Conv only");
		if (channelsLast)
			throw refuse("its last Transpose to channels-last is followed by no dense layer: a Transpose before a Flatten or "
				+ "Reshape and a dense layer is supported");
		if (specs.isEmpty() || specs.get(specs.size() - 1).kind != LayerKind.DENSE)
			throw refuse("it does not end with a Gemm or MatMul (a dense layer of class scores): a classifier ending in a "
				+ "dense layer is supported");
		int classes = specs.get(specs.size() - 1).units;
		List<String> classNames = names != null && !names.isEmpty() ? names
			: packageNames != null && packageNames.size() == classes ? packageNames : metadataNames(model, classes);
		if (classNames.size() != classes)
			throw new IllegalArgumentException("class_names has " + classNames.size() + " names, but " + file + " has " + classes
				+ " outputs: give one name per output");
		String problem = ClassNames.problem(classNames);
		if (problem != null)
			throw new IllegalArgumentException("class_names: " + problem.replaceFirst("^it has", "there are"));
		LayerList net;
		try {
			net = LayerList.of(specs, inputChannels, rows, cols, classes);
		}
		catch (IllegalArgumentException e) {
			throw refuse("its layers [" + LayerSpec.toText(specs) + "] are not a valid layer list: " + e.getMessage());
		}
		reorderChannelsLastRows(net);
		Map<String, INDArray> params = new LinkedHashMap<>();
		int w = 0;
		for (int i = 0; i < net.size(); i++)
			if (net.spec(i).hasParameters()) {
				params.put(net.name(i) + "_W", weights.get(w)[0]);
				params.put(net.name(i) + "_b", weights.get(w++)[1]);
			}
		TrainingSettings s = new TrainingSettings(Architecture.CUSTOM);
		s.layers = specs;
		s.epochs = 0;
		String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
		return new Classifier(Architecture.CUSTOM, net, classNames, s, List.of(), Double.NaN,
			"imported from " + file.getFileName() + (producer.isEmpty() ? "" : " (written by " + producer + ")"), "ONNX opset "
				+ (model.getOpsetImportCount() > 0 ? model.getOpsetImport(0).getVersion() : 0), Instant.now().toString(), params);
	}

	private void op(NodeProto n, boolean last) throws IOException {
		switch (n.getOpType()) {
		case "Conv":
			conv(n);
			return;
		case "BatchNormalization":
			batchNorm(n);
			return;
		case "Relu":
			add(n, LayerSpec.of(LayerKind.RELU));
			return;
		case "LeakyRelu": {
			double alpha = Double.parseDouble(Float.toString(floatAttribute(n, "alpha", 0.01f))); // 0.01f as 0.01
			if (!(alpha >= 0 && alpha < 1))
				throw refuse(n, "a LeakyRelu of slope " + alpha + "; slopes >= 0 and < 1 are supported");
			add(n, LayerSpec.leakyrelu(alpha));
			return;
		}
		case "Tanh":
			add(n, LayerSpec.of(LayerKind.TANH));
			return;
		case "Sigmoid":
			add(n, LayerSpec.of(LayerKind.SIGMOID));
			return;
		case "MaxPool":
		case "AveragePool":
			pool(n);
			return;
		case "GlobalAveragePool":
			add(n, LayerSpec.of(LayerKind.GLOBALAVGPOOL));
			return;
		case "Flatten":
			if (attribute(n, "axis", 1) != 1)
				throw refuse(n, "Flatten over axis " + attribute(n, "axis", 1) + "; Flatten(axis=1) is supported");
			return; // a dense layer flattens its input in the same (channel, row, column) order
		case "Reshape": {
			float[] shape = constants.get(n.getInput(1));
			if (shape == null || shape.length != 2 || !(shape[1] == -1 || shape[0] == -1 || shape[0] == 0))
				throw refuse(n, "Reshape to " + Arrays.toString(shape) + "; a reshape to [N, -1] (a flatten) is supported");
			return;
		}
		case "Transpose":
			transpose(n);
			return;
		case "Gemm":
			gemm(n);
			return;
		case "Pad":
			pad(n);
			return;
		case "Dropout":
		case "Identity":
			return; // identity at inference, as the engine's dropout
		case "Softmax":
		case "LogSoftmax":
			if (!last)
				throw refuse(n, n.getOpType() + " before the end; a " + n.getOpType() + " is supported as the last node only");
			return; // the sandbox's classifiers end in a softmax of the last dense layer's scores
		default:
			throw refuse(n, "op " + n.getOpType() + ", which is not supported; supported: " + SUPPORTED);
		}
	}

	private void add(NodeProto n, LayerSpec s) throws IOException {
		if (pendingPad > 0)
			throw refuse(n, "padding before " + n.getOpType() + "; padding is supported before a Conv only");
		if (channelsLast && !s.isActivation() && s.kind != LayerKind.LEAKYRELU) // element-wise: any layout
			throw refuse(n, n.getOpType() + " on channels-last values; after a Transpose to channels-last, only element-wise "
				+ "layers, a Flatten or Reshape and a dense layer are supported");
		specs.add(s);
	}

	/**
	 * The Transposes exporters insert: NHWC to NCHW on a channels-last input (first), and NCHW to NHWC before a
	 * flatten (Keras flattens rows, columns, channels), whose dense layer's rows are then reordered; a Transpose and
	 * its inverse in a row cancel.
	 */
	private void transpose(NodeProto n) throws IOException {
		long[] perm = ints(n, "perm");
		boolean toNchw = Arrays.equals(perm, new long[] { 0, 3, 1, 2 }), toNhwc = Arrays.equals(perm, new long[] { 0, 2, 3, 1 });
		if (toNchw && channelsLastInput && !inputTransposed && specs.isEmpty()) {
			inputTransposed = true;
			return;
		}
		if (toNhwc && !channelsLast) {
			channelsLast = true;
			return;
		}
		if (toNchw && channelsLast) {
			channelsLast = false; // the pair cancels
			return;
		}
		throw refuse(n, "a Transpose with perm " + Arrays.toString(perm) + "; supported: [0, 3, 1, 2] on a channels-last input, "
			+ "[0, 2, 3, 1] before a Flatten or Reshape and a dense layer, or the two in a row");
	}

	/** The dense layers that read channels-last values take their rows from (row, column, channel) to (channel, row, column). */
	private void reorderChannelsLastRows(LayerList net) {
		int w = 0;
		for (int i = 0; i < net.size(); i++) {
			if (!net.spec(i).hasParameters()) continue;
			if (channelsLastDense.contains(w)) {
				cnnsandbox.engine.Shape in = i == 0 ? new cnnsandbox.engine.Shape(1, net.inputRows(), net.inputCols(), false) : net.outputShape(i - 1);
				INDArray old = weights.get(w)[0], now = old.dup('c');
				int c = in.channels, h = in.rows, wd = in.cols;
				for (int ch = 0; ch < c; ch++)
					for (int y = 0; y < h; y++)
						for (int x = 0; x < wd; x++)
							now.putRow((ch * h + y) * wd + x, old.getRow((y * wd + x) * c + ch));
				weights.get(w)[0] = now;
			}
			w++;
		}
	}

	private static boolean firstNodeIs(GraphProto g, String op, String input) {
		for (NodeProto n : g.getNodeList())
			if (!n.getOpType().equals("Constant"))
				return n.getOpType().equals(op) && n.getInputCount() > 0 && n.getInput(0).equals(input);
		return false;
	}

	private void conv(NodeProto n) throws IOException {
		long[] ws = constantShapes.get(n.getInput(1));
		if (ws == null || ws.length != 4 || ws[2] != ws[3])
			throw refuse(n, "a Conv with weights " + Arrays.toString(ws) + "; a square 2-D kernel held in the file is supported");
		if (attribute(n, "group", 1) != 1)
			throw refuse(n, "a grouped Conv (group " + attribute(n, "group", 1) + "); group 1 is supported");
		for (long d : ints(n, "dilations", 1, 1))
			if (d != 1)
				throw refuse(n, "a dilated Conv; dilation 1 is supported");
		if (!stringAttribute(n, "auto_pad", "NOTSET").equals("NOTSET"))
			throw refuse(n, "auto_pad " + stringAttribute(n, "auto_pad", "") + "; explicit pads are supported");
		long[] strides = ints(n, "strides", 1, 1), pads = ints(n, "pads", 0, 0, 0, 0);
		if (strides[0] != strides[1] || pads.length != 4 || pads[0] != pads[1] || pads[0] != pads[2] || pads[0] != pads[3])
			throw refuse(n, "a Conv with strides " + Arrays.toString(strides) + " and pads " + Arrays.toString(pads) + "; the same "
				+ "stride and the same padding on every side are supported");
		int k = (int) ws[2], out = (int) ws[0], in = (int) ws[1], pad = (int) pads[0] + pendingPad;
		pendingPad = 0;
		if (k > 31 || strides[0] > k || pad >= k || out > 4096)
			throw refuse(n, "a Conv of " + out + " channels, kernel " + k + ", stride " + strides[0] + ", padding " + pad + "; layer lists "
				+ "take up to 4096 channels, kernels up to 31, a stride up to the kernel and a padding below it");
		// ONNX [out, in, kH, kW] -> the engine's [kH, kW, in, out]
		INDArray w = Nd4j.create(constants.get(n.getInput(1)), ws, 'c').permute(2, 3, 1, 0).dup('c');
		INDArray b = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? vector(n, n.getInput(2), out) : Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, out);
		specs.add(LayerSpec.conv(out, k, (int) strides[0], pad));
		weights.add(new INDArray[] { w, b });
		if (specs.size() == 1 && in != inputChannels)
			throw refuse(n, "a first Conv on " + in + " channels, but the input has " + inputChannels);
	}

	/** y = gamma (x - mean) / sqrt(var + eps) + beta, folded into the weights and bias of the layer before it. */
	private void batchNorm(NodeProto n) throws IOException {
		LayerSpec before = specs.isEmpty() ? null : specs.get(specs.size() - 1);
		if (before == null || !before.hasParameters())
			throw refuse(n, "a BatchNormalization that does not follow a Conv or Gemm; it is folded into the layer before it");
		INDArray[] wb = weights.get(weights.size() - 1);
		int c = before.units;
		float[] gamma = vector(n, n.getInput(1), c).toFloatVector(), beta = vector(n, n.getInput(2), c).toFloatVector();
		float[] mean = vector(n, n.getInput(3), c).toFloatVector(), var = vector(n, n.getInput(4), c).toFloatVector();
		double eps = floatAttribute(n, "epsilon", 1e-5f);
		float[] scale = new float[c], bias = wb[1].toFloatVector();
		for (int i = 0; i < c; i++) {
			scale[i] = (float) (gamma[i] / Math.sqrt(var[i] + eps));
			bias[i] = (bias[i] - mean[i]) * scale[i] + beta[i];
		}
		INDArray s = Nd4j.create(scale, new long[] { c }, 'c');
		// the output channel is the last dimension of both layouts: conv [K, K, in, out], dense [in, out]
		wb[0] = wb[0].reshape('c', -1, c).mulRowVector(s.reshape(1, c)).reshape('c', wb[0].shape()).dup('c');
		wb[1] = Nd4j.create(bias, new long[] { c }, 'c');
	}

	private void pool(NodeProto n) throws IOException {
		long[] kernel = ints(n, "kernel_shape"), strides = ints(n, "strides", kernel), pads = ints(n, "pads", 0, 0, 0, 0);
		boolean ok = kernel.length == 2 && kernel[0] == kernel[1] && Arrays.equals(kernel, strides) && Arrays.stream(pads).allMatch(p -> p == 0)
			&& attribute(n, "ceil_mode", 0) == 0 && Arrays.stream(ints(n, "dilations", 1, 1)).allMatch(d -> d == 1);
		if (!ok)
			throw refuse(n, "a " + n.getOpType() + " with kernel " + Arrays.toString(kernel) + ", strides " + Arrays.toString(strides)
				+ " and pads " + Arrays.toString(pads) + "; square windows with stride = window and no padding are supported");
		add(n, n.getOpType().equals("MaxPool") ? LayerSpec.maxpool((int) kernel[0]) : LayerSpec.avgpool((int) kernel[0]));
	}

	private void gemm(NodeProto n) throws IOException {
		if (floatAttribute(n, "alpha", 1) != 1 || floatAttribute(n, "beta", 1) != 1 || attribute(n, "transA", 0) != 0)
			throw refuse(n, "a Gemm with alpha, beta or transA; x W + b (transB 0 or 1) is supported");
		long[] ws = constantShapes.get(n.getInput(1));
		if (ws == null || ws.length != 2)
			throw refuse(n, "a Gemm whose weights are not a matrix held in the file");
		INDArray w = Nd4j.create(constants.get(n.getInput(1)), ws, 'c');
		if (attribute(n, "transB", 0) == 1)
			w = w.transpose().dup('c'); // PyTorch's Linear: [out, in]
		int out = (int) w.size(1);
		INDArray b = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? vector(n, n.getInput(2), out) : Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, out);
		dense(n, w, b);
	}

	private void matMulAdd(NodeProto mm, NodeProto add) throws IOException {
		long[] ws = constantShapes.get(mm.getInput(1));
		if (ws == null || ws.length != 2)
			throw refuse(mm, "a MatMul whose second input is not a matrix held in the file");
		INDArray w = Nd4j.create(constants.get(mm.getInput(1)), ws, 'c');
		String bias = add.getInput(0).equals(mm.getOutput(0)) ? add.getInput(1) : add.getInput(0);
		dense(add, w, vector(add, bias, (int) ws[1]));
	}

	private void dense(NodeProto n, INDArray w, INDArray b) throws IOException {
		if (pendingPad > 0)
			throw refuse(n, "padding before a dense layer; padding is supported before a Conv only");
		if (channelsLast) {
			channelsLastDense.add(weights.size());
			channelsLast = false; // a dense layer's output is a vector: no layout any more
		}
		if (w.size(1) > 100_000)
			throw refuse(n, "a dense layer of " + w.size(1) + " units; layer lists take up to 100000");
		specs.add(LayerSpec.dense((int) w.size(1)));
		weights.add(new INDArray[] { w, b });
	}

	/** A constant, zero, symmetric padding of rows and columns, added to the conv after it. */
	private void pad(NodeProto n) throws IOException {
		if (!stringAttribute(n, "mode", "constant").equals("constant"))
			throw refuse(n, "Pad mode " + stringAttribute(n, "mode", "") + "; zero padding is supported");
		float[] p = n.getInputCount() > 1 ? constants.get(n.getInput(1)) : null;
		long[] pads = p == null ? ints(n, "pads") : toLongs(p);
		float[] value = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? constants.get(n.getInput(2)) : new float[] { 0 };
		// [N, C, H, W] begins then ends: only H and W, the same on every side
		boolean ok = pads.length == 8 && pads[0] == 0 && pads[1] == 0 && pads[4] == 0 && pads[5] == 0 && pads[2] == pads[3]
			&& pads[2] == pads[6] && pads[2] == pads[7] && value != null && value.length == 1 && value[0] == 0;
		if (!ok)
			throw refuse(n, "a Pad of " + Arrays.toString(pads) + "; zeros, the same on every side of rows and columns, before a Conv "
				+ "are supported");
		pendingPad += (int) pads[2];
	}

	// -- Reading the graph --

	private void constant(TensorProto t) throws IOException {
		long n = 1;
		for (long d : t.getDimsList())
			n *= d;
		if (n < 0 || n > 100_000_000L)
			throw refuse("its tensor " + t.getName() + " declares " + n + " values; at most 100 M are read");
		float[] v = new float[(int) n];
		switch (t.getDataType()) {
		case TensorProto.DataType.FLOAT_VALUE:
			if (t.getRawData().size() > 0) {
				if (t.getRawData().size() != 4 * n)
					throw refuse("its tensor " + t.getName() + " holds " + t.getRawData().size() + " bytes for " + n + " floats");
				t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
			} else {
				if (t.getFloatDataCount() != n)
					throw refuse("its tensor " + t.getName() + " holds " + t.getFloatDataCount() + " floats, its shape says " + n);
				for (int i = 0; i < n; i++)
					v[i] = t.getFloatData(i);
			}
			break;
		case TensorProto.DataType.INT64_VALUE:
			if (t.getRawData().size() > 0) {
				ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
				for (int i = 0; i < n && b.remaining() >= 8; i++)
					v[i] = b.getLong();
			} else
				for (int i = 0; i < n && i < t.getInt64DataCount(); i++)
					v[i] = t.getInt64Data(i);
			break;
		default:
			return; // not a weight; a node that needs it refuses by name
		}
		constants.put(t.getName(), v);
		constantShapes.put(t.getName(), t.getDimsList().stream().mapToLong(Long::longValue).toArray());
	}

	private ValueInfoProto input(GraphProto g) throws IOException {
		List<ValueInfoProto> inputs = new ArrayList<>();
		for (ValueInfoProto v : g.getInputList())
			if (!constants.containsKey(v.getName()))
				inputs.add(v);
		if (inputs.size() != 1)
			throw refuse("it has " + inputs.size() + " inputs besides its weights; one image input is supported");
		return inputs.get(0);
	}

	private INDArray vector(NodeProto n, String name, int length) throws IOException {
		float[] v = constants.get(name);
		if (v == null || v.length != length)
			throw refuse(n, "its input " + name + " is not " + length + " values held in the file");
		return Nd4j.create(v.clone(), new long[] { length }, 'c');
	}

	private static List<String> metadataNames(ModelProto model, int classes) {
		for (StringStringEntryProto p : model.getMetadataPropsList())
			if (p.getKey().equals("class_names") && !p.getValue().isEmpty()) {
				List<String> names = List.of(p.getValue().split(",", -1));
				if (names.size() == classes)
					return names;
			}
		List<String> names = new ArrayList<>();
		for (int i = 0; i < classes; i++)
			names.add("class " + i);
		return names;
	}

	private static AttributeProto find(NodeProto n, String name) {
		for (AttributeProto a : n.getAttributeList())
			if (a.getName().equals(name))
				return a;
		return null;
	}

	private static long attribute(NodeProto n, String name, long orElse) {
		AttributeProto a = find(n, name);
		return a == null ? orElse : a.getI();
	}

	private static float floatAttribute(NodeProto n, String name, float orElse) {
		AttributeProto a = find(n, name);
		return a == null ? orElse : a.getF();
	}

	private static String stringAttribute(NodeProto n, String name, String orElse) {
		AttributeProto a = find(n, name);
		return a == null ? orElse : a.getS().toStringUtf8();
	}

	private static long[] ints(NodeProto n, String name, long... orElse) {
		AttributeProto a = find(n, name);
		return a == null ? orElse : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
	}

	private static long[] toLongs(float[] v) {
		long[] l = new long[v.length];
		for (int i = 0; i < v.length; i++)
			l[i] = (long) v[i];
		return l;
	}

	private static String name(NodeProto n) {
		return n.getName().isEmpty() ? "'" + n.getOutput(0) + "'" : "'" + n.getName() + "'";
	}

	private static String describe(List<TensorShapeProto.Dimension> dims) {
		List<String> d = new ArrayList<>();
		for (TensorShapeProto.Dimension x : dims)
			d.add(x.hasDimValue() ? String.valueOf(x.getDimValue()) : x.getDimParam().isEmpty() ? "?" : x.getDimParam());
		return d.toString();
	}

	private IOException refuse(NodeProto n, String what) {
		return refuse("node " + name(n) + " is " + what);
	}

	private IOException refuse(String what) {
		return new IOException("input_file " + file + " cannot be imported: " + what);
	}
}
