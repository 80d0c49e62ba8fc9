package cnnsandbox.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

import cnnsandbox.model.LayerKind;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.LayerSpec;
import cnnsandbox.model.OnnxGraph;
import onnx.OnnxMl.GraphProto;
import onnx.OnnxMl.ModelProto;
import onnx.OnnxMl.NodeProto;
import onnx.OnnxMl.OperatorSetIdProto;
import onnx.OnnxMl.StringStringEntryProto;
import onnx.OnnxMl.TensorProto;
import onnx.OnnxMl.TensorShapeProto;
import onnx.OnnxMl.TypeProto;
import onnx.OnnxMl.ValueInfoProto;

/**
 * Writes a classifier as an ONNX graph with the ONNX protobuf classes that nd4j-api carries (DL4J M2.1 only imports
 * ONNX). Input {@code input} float32 [N, C, H, W] (C = 1 for grey images), pixels in [0, 1]; the model's normalisation is the first node;
 * output {@code probabilities} float32 [N, classes] (softmax); N is dynamic. Each layer's nodes come from its
 * {@link LayerKind}.
 */
public final class OnnxExporter implements OnnxGraph {

	/** The producer_name of our ONNX files (an earlier export is recognised by it). */
	static final String PRODUCER = "CNN Sandbox";

	public static final String INPUT = "input", OUTPUT = "probabilities", BATCH = "N";
	/** Opset 13: Softmax over one axis (older opsets flatten), supported by ONNX Runtime 1.8+ and onnx 1.8+. */
	public static final int OPSET = 13;
	/** The IR version that goes with opset 13. */
	static final long IR_VERSION = 7;

	private final GraphProto.Builder graph = GraphProto.newBuilder();
	/** The tensor the next node reads. */
	private String current = INPUT;
	private final Map<String, INDArray> params;

	private OnnxExporter(Map<String, INDArray> params) {
		this.params = params;
	}

	/** The ONNX model of {@code m}. */
	public static ModelProto export(ExportableModel m) {
		OnnxExporter e = new OnnxExporter(m.params);
		e.graph.setName("cnn_sandbox_" + m.name);
		e.graph.addInput(tensorInfo(INPUT, BATCH, m.channels, m.rows, m.cols));
		if (m.scale != 1 || m.offset != 0) {
			e.node("Mul", "normalise_scale", e.constant("normalise_scale_value", new float[] { (float) m.scale }));
			e.node("Add", "normalise_offset", e.constant("normalise_offset_value", new float[] { (float) m.offset }));
		}
		LayerList net = m.net;
		Set<String> names = new HashSet<>();
		String last = "input";
		for (int i = 0; i < net.size(); i++) {
			LayerSpec s = net.spec(i);
			// conv1, conv1_relu, conv1_maxpool, ..., fc2: named after the layer with parameters before them
			String name = s.hasParameters() ? net.name(i) : last + "_" + s.kind.word;
			if (!names.add(name))
				names.add(name = name + "_" + (i + 1));
			s.kind.onnx(s, e, net.inputShape(i), name);
			if (s.hasParameters())
				last = name;
		}
		NodeProto.Builder softmax = e.node("Softmax", "softmax");
		softmax.addAttribute(OnnxGraph.attribute("axis", 1));
		softmax.setOutput(0, OUTPUT);
		e.graph.addOutput(tensorInfo(OUTPUT, BATCH, m.classNames.size()));
		String version = OnnxExporter.class.getPackage().getImplementationVersion();
		return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName(PRODUCER)
			.setProducerVersion(version == null ? "" : version)
			.setDocString("Classifier trained in CNN Sandbox (" + m.name + "). Input: " + m.rows + " x " + m.cols
				+ (m.channels == 1 ? " grey images" : m.channels == 3 ? " RGB images, channels R, G, B" : " images of " + m.channels
					+ " channels") + ", pixels in [0, 1] (8-bit / 255).")
			.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
			.addMetadataProps(StringStringEntryProto.newBuilder().setKey("class_names").setValue(String.join(",", m.classNames)))
			.setGraph(e.graph).build();
	}

	@Override
	public INDArray parameter(String name) {
		INDArray p = params.get(name);
		if (p == null)
			throw new IllegalArgumentException("ONNX export: the model has no parameter " + name);
		return p;
	}

	/** Appends a node reading the current tensor (and {@code extraInputs}); its output becomes the current tensor. */
	@Override
	public NodeProto.Builder node(String op, String name, String... extraInputs) {
		NodeProto.Builder n = graph.addNodeBuilder().setOpType(op).setName(name).addInput(current);
		for (String in : extraInputs)
			n.addInput(in);
		n.addOutput(name + "_out");
		current = name + "_out";
		return n;
	}

	private String constant(String name, float[] values) {
		return constant(name, org.nd4j.linalg.factory.Nd4j.create(values, new long[] { values.length }, 'c'));
	}

	/** Adds {@code a} as a float32 initializer (raw little-endian data, as ONNX stores it). */
	@Override
	public String constant(String name, INDArray a) {
		float[] values = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
		ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(values);
		TensorProto.Builder t = graph.addInitializerBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
			.setRawData(ByteString.copyFrom(bytes.array()));
		for (long d : a.shape())
			t.addDims(d);
		return name;
	}

	/** A float32 tensor's type: a String dimension is symbolic (dynamic), a Number fixed. */
	private static ValueInfoProto tensorInfo(String name, Object... dims) {
		TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
		for (Object d : dims) {
			TensorShapeProto.Dimension.Builder dim = shape.addDimBuilder();
			if (d instanceof String)
				dim.setDimParam((String) d);
			else
				dim.setDimValue(((Number) d).longValue());
		}
		return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
			.setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
	}
}
