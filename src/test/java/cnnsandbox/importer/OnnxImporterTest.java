package cnnsandbox.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.ByteString;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.export.ExportableModel;
import cnnsandbox.export.OnnxExporter;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerSpec;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Optimizer;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingSettings;
import onnx.OnnxMl.AttributeProto;
import onnx.OnnxMl.GraphProto;
import onnx.OnnxMl.ModelProto;
import onnx.OnnxMl.NodeProto;
import onnx.OnnxMl.OperatorSetIdProto;
import onnx.OnnxMl.TensorProto;
import onnx.OnnxMl.TensorShapeProto;
import onnx.OnnxMl.TypeProto;
import onnx.OnnxMl.ValueInfoProto;

/**
 * Import Model's translation: the sandbox's own exports come back bit for bit, a graph with the ops other exporters
 * write (BatchNormalization, Pad, MatMul + Add, Reshape, LogSoftmax) gives what ONNX Runtime gives, and a graph with
 * a skip connection is refused in one line. PyTorch's own export is checked by {@code TorchImportIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxImporterTest {

	LabeledImages train, test;

	@TempDir
	Path dir;

	@BeforeAll
	void data() throws IOException {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST in " + FashionMnist.DEFAULT_DIR);
		train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 1500);
		test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 500);
	}

	Classifier train(Architecture arch, String layers) {
		TrainingSettings s = new TrainingSettings(arch);
		if (layers != null)
			s.layers = LayerSpec.parseList(layers);
		s.optimizer = Optimizer.ADAM;
		s.learningRate = 0.001;
		s.batchSize = 50;
		s.epochs = 1;
		return new Trainer().train(s, train, test, null, null).classifier;
	}

	@Test
	void anExportComesBackBitForBit() throws IOException {
		for (Classifier c : List.of(train(Architecture.MLP, null), train(Architecture.CNN, null),
			train(Architecture.CUSTOM, "conv 6 5 stride 2 pad 2, tanh, avgpool 2, conv 4 3, leakyrelu 0.01, globalavgpool, dropout 0.2, dense 10"))) {
			Path onnx = dir.resolve("m.onnx");
			Files.write(onnx, OnnxExporter.export(ExportableModel.of(c)).toByteArray());
			Classifier back = OnnxImporter.read(onnx, null);
			assertEquals(c.layers().text().replaceAll(", dropout [0-9.]+", ""), back.layers().text(), "dropout is the identity at inference");
			assertEquals(c.classNames(), back.classNames(), "the export's class_names metadata");
			float[] p = c.probabilities(Nd4j.create(test.pixels, new long[] { test.n, 1, 28, 28 }, 'c')).data().asFloat();
			float[] q = back.probabilities(Nd4j.create(test.pixels, new long[] { test.n, 1, 28, 28 }, 'c')).data().asFloat();
			assertArrayEquals(p, q, 0f, c.layers().text());
		}
	}

	/**
	 * A graph as another exporter writes it: Pad before a Conv without padding, BatchNormalization after it, Relu,
	 * MaxPool, Reshape to [N, -1], MatMul + Add, LogSoftmax; ONNX Runtime is the reference.
	 */
	@Test
	void otherExportersOpsGiveWhatOnnxRuntimeGives() throws Exception {
		Random r = new Random(5);
		GraphProto.Builder g = GraphProto.newBuilder().setName("keras_like");
		g.addInput(info("x", 1, 1, 12, 12));
		tensor(g, "w", r, 3, 1, 3, 3);
		tensor(g, "b", r, 3);
		g.addInitializer(floats("gamma", new float[] { 1.5f, 0.5f, 2f }, 3));
		g.addInitializer(floats("beta", new float[] { 0.1f, -0.2f, 0.3f }, 3));
		g.addInitializer(floats("mean", new float[] { 0.05f, -0.1f, 0.2f }, 3));
		g.addInitializer(floats("var", new float[] { 0.9f, 1.3f, 0.4f }, 3));
		g.addInitializer(longs("pads", 0, 0, 1, 1, 0, 0, 1, 1));
		g.addInitializer(longs("shape", 0, -1));
		tensor(g, "m", r, 3 * 6 * 6, 4);
		tensor(g, "bias", r, 4);
		g.addNode(node("Pad", "pad", "x", "pads"));
		g.addNode(node("Conv", "conv", "pad_out", "w", "b").addAttribute(ints("kernel_shape", 3, 3)).addAttribute(ints("pads", 0, 0, 0, 0)));
		g.addNode(node("BatchNormalization", "bn", "conv_out", "gamma", "beta", "mean", "var")
			.addAttribute(AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT).setF(1e-3f)));
		g.addNode(node("Relu", "relu", "bn_out"));
		g.addNode(node("MaxPool", "pool", "relu_out").addAttribute(ints("kernel_shape", 2, 2)).addAttribute(ints("strides", 2, 2)));
		g.addNode(node("Reshape", "flat", "pool_out", "shape"));
		g.addNode(node("MatMul", "mm", "flat_out", "m"));
		g.addNode(node("Add", "add", "mm_out", "bias"));
		g.addNode(node("LogSoftmax", "logp", "add_out").addAttribute(AttributeProto.newBuilder().setName("axis")
			.setType(AttributeProto.AttributeType.INT).setI(1)));
		g.addOutput(info("logp_out", 1, 4));
		byte[] bytes = ModelProto.newBuilder().setIrVersion(7).setProducerName("hand-built")
			.addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build().toByteArray();
		Path onnx = Files.write(dir.resolve("keras.onnx"), bytes);

		Classifier c = OnnxImporter.read(onnx, List.of("a", "b", "c", "d"));
		assertEquals("conv 3 3, relu, maxpool 2, dense 4", c.layers().text(), "Pad and BatchNormalization folded into the conv");
		float[] x = new float[12 * 12];
		for (int i = 0; i < x.length; i++)
			x[i] = r.nextFloat();
		float[] ours = c.probabilities(Nd4j.create(x, new long[] { 1, 1, 12, 12 }, 'c')).data().asFloat();
		OrtEnvironment ort = OrtEnvironment.getEnvironment();
		try (OrtSession s = ort.createSession(bytes, new OrtSession.SessionOptions());
			OnnxTensor in = OnnxTensor.createTensor(ort, FloatBuffer.wrap(x), new long[] { 1, 1, 12, 12 });
			OrtSession.Result res = s.run(Map.of("x", in))) {
			float[] logp = ((float[][]) res.get(0).getValue())[0];
			for (int k = 0; k < 4; k++)
				assertEquals(Math.exp(logp[k]), ours[k], 1e-5, "class " + k);
		}
	}

	/**
	 * The Transposes a channels-last exporter (tf2onnx, from Keras) inserts: the input declared [N, H, W, 1] and
	 * transposed to NCHW, a Transpose and its inverse in a row, and a Transpose to channels-last before the Reshape
	 * that flattens (rows, columns, channels) for the dense layer; ONNX Runtime is the reference.
	 */
	@Test
	void channelsLastTransposesGiveWhatOnnxRuntimeGives() throws Exception {
		Random r = new Random(7);
		GraphProto.Builder g = GraphProto.newBuilder().setName("tf2onnx_like");
		g.addInput(info("x", 1, 12, 12, 1));
		tensor(g, "w", r, 3, 1, 3, 3);
		tensor(g, "b", r, 3);
		g.addInitializer(longs("shape", -1, 6 * 6 * 3));
		tensor(g, "m", r, 6 * 6 * 3, 4);
		tensor(g, "bias", r, 4);
		g.addNode(node("Transpose", "to_nchw", "x").addAttribute(ints("perm", 0, 3, 1, 2)));
		g.addNode(node("Conv", "conv", "to_nchw_out", "w", "b").addAttribute(ints("kernel_shape", 3, 3)).addAttribute(ints("pads", 1, 1, 1, 1)));
		g.addNode(node("Transpose", "t1", "conv_out").addAttribute(ints("perm", 0, 2, 3, 1)));
		g.addNode(node("Transpose", "t2", "t1_out").addAttribute(ints("perm", 0, 3, 1, 2)));
		g.addNode(node("MaxPool", "pool", "t2_out").addAttribute(ints("kernel_shape", 2, 2)).addAttribute(ints("strides", 2, 2)));
		g.addNode(node("Transpose", "to_nhwc", "pool_out").addAttribute(ints("perm", 0, 2, 3, 1)));
		g.addNode(node("LeakyRelu", "leaky", "to_nhwc_out").addAttribute(AttributeProto.newBuilder().setName("alpha")
			.setType(AttributeProto.AttributeType.FLOAT).setF(0.2f)));
		g.addNode(node("Reshape", "flat", "leaky_out", "shape"));
		g.addNode(node("MatMul", "mm", "flat_out", "m"));
		g.addNode(node("Add", "add", "mm_out", "bias"));
		g.addNode(node("Softmax", "p", "add_out"));
		g.addOutput(info("p_out", 1, 4));
		byte[] bytes = ModelProto.newBuilder().setIrVersion(7).setProducerName("hand-built")
			.addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build().toByteArray();
		Path onnx = Files.write(dir.resolve("tf2onnx.onnx"), bytes);

		Classifier c = OnnxImporter.read(onnx, List.of("a", "b", "c", "d"));
		assertEquals("conv 3 3, maxpool 2, leakyrelu 0.2, dense 4", c.layers().text());
		OrtEnvironment ort = OrtEnvironment.getEnvironment();
		for (int trial = 0; trial < 5; trial++) {
			float[] x = new float[12 * 12];
			for (int i = 0; i < x.length; i++)
				x[i] = r.nextFloat();
			float[] ours = c.probabilities(Nd4j.create(x, new long[] { 1, 1, 12, 12 }, 'c')).data().asFloat();
			try (OrtSession s = ort.createSession(bytes, new OrtSession.SessionOptions());
				OnnxTensor in = OnnxTensor.createTensor(ort, FloatBuffer.wrap(x), new long[] { 1, 12, 12, 1 }); // one channel: the same values
				OrtSession.Result res = s.run(Map.of("x", in))) {
				float[] p = ((float[][]) res.get(0).getValue())[0];
				for (int k = 0; k < 4; k++)
					assertEquals(p[k], ours[k], 1e-5, "class " + k);
			}
		}
		// a Transpose to channels-last before a conv is refused by name
		GraphProto.Builder bad = g.clone().clearNode();
		bad.addNode(node("Transpose", "to_nchw", "x").addAttribute(ints("perm", 0, 3, 1, 2)));
		bad.addNode(node("Transpose", "odd", "to_nchw_out").addAttribute(ints("perm", 0, 1, 3, 2)));
		Path badFile = Files.write(dir.resolve("odd.onnx"), ModelProto.newBuilder().setIrVersion(7)
			.addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(bad).build().toByteArray());
		IOException e = assertThrows(IOException.class, () -> OnnxImporter.read(badFile, null));
		assertTrue(e.getMessage().contains("node 'odd' is a Transpose with perm [0, 1, 3, 2]; supported:"), e.getMessage());
	}

	@Test
	void aSkipConnectionIsRefusedInOneLine() throws IOException {
		Random r = new Random(1);
		GraphProto.Builder g = GraphProto.newBuilder().setName("unet_like");
		g.addInput(info("x", 1, 1, 8, 8));
		tensor(g, "w", r, 1, 1, 3, 3);
		tensor(g, "fc", r, 64, 2);
		g.addNode(node("Conv", "conv", "x", "w").addAttribute(ints("kernel_shape", 3, 3)).addAttribute(ints("pads", 1, 1, 1, 1)));
		g.addNode(NodeProto.newBuilder().setOpType("Add").setName("skip").addInput("conv_out").addInput("x").addOutput("skip_out"));
		g.addNode(node("Flatten", "flat", "skip_out"));
		g.addNode(node("MatMul", "mm", "flat_out", "fc"));
		Path onnx = Files.write(dir.resolve("unet.onnx"), ModelProto.newBuilder().setIrVersion(7)
			.addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build().toByteArray());
		IOException e = assertThrows(IOException.class, () -> OnnxImporter.read(onnx, null));
		assertEquals("input_file " + onnx + " cannot be imported: node 'skip' (Add) also reads x, which is computed: only a chain of "
			+ "layers is supported (no skip connections or branches)", e.getMessage());
		Path junk = Files.writeString(dir.resolve("notes.onnx"), "not a model");
		e = assertThrows(IOException.class, () -> OnnxImporter.read(junk, null));
		assertTrue(e.getMessage().startsWith("input_file " + junk + " is not an ONNX model"), e.getMessage());
	}

	// -- Building graphs --

	static NodeProto.Builder node(String op, String name, String... inputs) {
		NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(name + "_out");
		for (String in : inputs)
			n.addInput(in);
		return n;
	}

	static AttributeProto ints(String name, long... v) {
		AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
		for (long x : v)
			a.addInts(x);
		return a.build();
	}

	static void tensor(GraphProto.Builder g, String name, Random r, long... dims) {
		long n = 1;
		for (long d : dims)
			n *= d;
		float[] v = new float[(int) n];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) r.nextGaussian() * 0.3f;
		g.addInitializer(floats(name, v, dims));
	}

	static TensorProto floats(String name, float[] v, long... dims) {
		ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(v);
		TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
			.setRawData(ByteString.copyFrom(b.array()));
		for (long d : dims)
			t.addDims(d);
		return t.build();
	}

	static TensorProto longs(String name, long... v) {
		TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE).addDims(v.length);
		for (long x : v)
			t.addInt64Data(x);
		return t.build();
	}

	static ValueInfoProto info(String name, long... dims) {
		TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
		for (long d : dims)
			shape.addDimBuilder().setDimValue(d);
		return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
			.setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
	}
}
