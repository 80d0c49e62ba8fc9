package cnnsandbox.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

import onnx.OnnxMl.AttributeProto;
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
 * ONNX). Input {@code input} float32 [N, 1, H, W], pixels in [0, 1]; the model's normalisation is the first node;
 * output {@code probabilities} float32 [N, classes] (softmax); N is dynamic. One {@link #addLayer} case per
 * {@link Layer.Kind}.
 */
public final class OnnxExporter {

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

	private OnnxExporter() {}

	/** The ONNX model of {@code m}. */
	public static ModelProto export(ExportableModel m) {
		OnnxExporter e = new OnnxExporter();
		e.graph.setName("cnn_sandbox_" + m.name);
		e.graph.addInput(tensorInfo(INPUT, BATCH, m.channels, m.rows, m.cols));
		if (m.scale != 1 || m.offset != 0) {
			e.node("Mul", "normalise_scale", e.constant("normalise_scale_value", new float[] { (float) m.scale }));
			e.node("Add", "normalise_offset", e.constant("normalise_offset_value", new float[] { (float) m.offset }));
		}
		for (Layer l : m.layers)
			e.addLayer(l);
		NodeProto.Builder softmax = e.node("Softmax", "softmax");
		softmax.addAttribute(intAttribute("axis", 1));
		softmax.setOutput(0, OUTPUT);
		e.graph.addOutput(tensorInfo(OUTPUT, BATCH, m.classNames.size()));
		String version = OnnxExporter.class.getPackage().getImplementationVersion();
		return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName(PRODUCER)
			.setProducerVersion(version == null ? "" : version)
			.setDocString("Classifier trained in CNN Sandbox (" + m.name + "). Input: " + m.rows + " x " + m.cols
				+ " grey images, pixels in [0, 1] (8-bit / 255).")
			.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
			.addMetadataProps(StringStringEntryProto.newBuilder().setKey("class_names").setValue(String.join(",", m.classNames)))
			.setGraph(e.graph).build();
	}

	private void addLayer(Layer l) {
		switch (l.kind) {
		case CONV: {
			// [kH, kW, in, out] (YXIO) -> ONNX [out, in, kH, kW]
			String w = constant(l.name + "_W", l.weight.permute(3, 2, 0, 1)), b = constant(l.name + "_b", l.bias);
			NodeProto.Builder n = node("Conv", l.name, w, b);
			n.addAttribute(intsAttribute("kernel_shape", l.kernel, l.kernel));
			n.addAttribute(intsAttribute("strides", l.stride, l.stride));
			n.addAttribute(intsAttribute("pads", l.padding, l.padding, l.padding, l.padding));
			break;
		}
		case MAX_POOL:
		case AVG_POOL: {
			NodeProto.Builder n = node(l.kind == Layer.Kind.MAX_POOL ? "MaxPool" : "AveragePool", l.name);
			n.addAttribute(intsAttribute("kernel_shape", l.kernel, l.kernel));
			n.addAttribute(intsAttribute("strides", l.stride, l.stride));
			break;
		}
		case RELU:
			node("Relu", l.name);
			break;
		case TANH:
			node("Tanh", l.name);
			break;
		case SIGMOID:
			node("Sigmoid", l.name);
			break;
		case DROPOUT:
			break; // inference: the identity, as the engine (no node, so no runtime can apply it)
		case FLATTEN:
			// [N, C, H, W] -> [N, C*H*W] in (channel, row, column) order: the engine's (PyTorch's) flatten
			node("Flatten", l.name).addAttribute(intAttribute("axis", 1));
			break;
		case DENSE:
			// x [N, in] · W [in, out] + b: Gemm with W as stored (no transpose)
			node("Gemm", l.name, constant(l.name + "_W", l.weight), constant(l.name + "_b", l.bias));
			break;
		default:
			throw new IllegalArgumentException("ONNX export: layer " + l + " is not supported");
		}
	}

	/** Appends a node reading the current tensor (and {@code extraInputs}); its output becomes the current tensor. */
	private NodeProto.Builder node(String op, String name, String... extraInputs) {
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
	private String constant(String name, INDArray a) {
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

	private static AttributeProto intAttribute(String name, long value) {
		return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
	}

	private static AttributeProto intsAttribute(String name, long... values) {
		AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
		for (long v : values)
			a.addInts(v);
		return a.build();
	}
}
