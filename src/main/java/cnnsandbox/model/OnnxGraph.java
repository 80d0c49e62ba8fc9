package cnnsandbox.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import onnx.OnnxMl.AttributeProto;
import onnx.OnnxMl.NodeProto;

/**
 * The ONNX graph a {@link LayerKind} appends its nodes to (export.OnnxExporter implements it): nodes chain, each
 * reading the previous one's output.
 */
public interface OnnxGraph {

	/** Appends a node reading the current tensor (and {@code extraInputs}); its output becomes the current tensor. */
	NodeProto.Builder node(String op, String name, String... extraInputs);

	/** Adds {@code a} as a float32 initializer named {@code name}; returns the name. */
	String constant(String name, INDArray a);

	/** The trained parameter {@code name} (conv1_W, fc1_b...), in the engine's layout. */
	INDArray parameter(String name);

	static AttributeProto floatAttribute(String name, float value) {
		return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
	}

	static AttributeProto attribute(String name, long value) {
		return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
	}

	static AttributeProto ints(String name, long... values) {
		AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
		for (long v : values)
			a.addInts(v);
		return a.build();
	}
}
