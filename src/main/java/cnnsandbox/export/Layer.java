package cnnsandbox.export;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of a feed-forward classifier as the exporters see it: what it computes and its parameters in the
 * engine's layouts (conv weights [kH, kW, inC, outC], dense weights [in, out], biases [out]). A model is a list of
 * these, input side first; each exporter maps every kind to its own format, so a new kind is one new case there.
 */
public final class Layer {

	public enum Kind {
		CONV, MAX_POOL, AVG_POOL, RELU, TANH, SIGMOID, DROPOUT, FLATTEN, DENSE
	}

	public final Kind kind;
	/** The engine's layer name (conv1, fc1, ...) or a generated one; names the ONNX nodes. */
	public final String name;
	/** CONV and DENSE only, else null. */
	public final INDArray weight, bias;
	/** CONV and pools: square kernel, stride and zero padding on each side. */
	public final int kernel, stride, padding;

	private Layer(Kind kind, String name, INDArray weight, INDArray bias, int kernel, int stride, int padding) {
		this.kind = kind;
		this.name = name;
		this.weight = weight;
		this.bias = bias;
		this.kernel = kernel;
		this.stride = stride;
		this.padding = padding;
	}

	/** Convolution, weights [kH, kW, inC, outC] (ND4J YXIO), bias [outC]; square kernel, stride 1. */
	public static Layer conv(String name, INDArray weight, INDArray bias, int padding) {
		if (weight.rank() != 4 || weight.size(0) != weight.size(1))
			throw new IllegalArgumentException(name + ": conv weights must be [k, k, in, out], got " + java.util.Arrays.toString(weight.shape()));
		return new Layer(Kind.CONV, name, weight, bias, (int) weight.size(0), 1, padding);
	}

	/** Dense layer x·W + b, weights [in, out], bias [out]. */
	public static Layer dense(String name, INDArray weight, INDArray bias) {
		if (weight.rank() != 2)
			throw new IllegalArgumentException(name + ": dense weights must be [in, out], got " + java.util.Arrays.toString(weight.shape()));
		return new Layer(Kind.DENSE, name, weight, bias, 0, 0, 0);
	}

	public static Layer maxPool(String name, int kernel, int stride) {
		return new Layer(Kind.MAX_POOL, name, null, null, kernel, stride, 0);
	}

	public static Layer avgPool(String name, int kernel, int stride) {
		return new Layer(Kind.AVG_POOL, name, null, null, kernel, stride, 0);
	}

	/** RELU, TANH, SIGMOID, DROPOUT (inference: identity) or FLATTEN (channel, row, column order, as PyTorch). */
	public static Layer of(Kind kind, String name) {
		switch (kind) {
		case RELU:
		case TANH:
		case SIGMOID:
		case DROPOUT:
		case FLATTEN:
			return new Layer(kind, name, null, null, 0, 0, 0);
		default:
			throw new IllegalArgumentException(kind + " has parameters: use its own factory");
		}
	}

	@Override
	public String toString() {
		return name + " (" + kind + ")";
	}
}
