package cnnsandbox.engine;


import java.util.HashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A conv layer by ND4J's conv2d (oneDNN), weights [K, K, inC, C], any stride and zero padding, on values laid out as
 * they come: channels-last after a first im2col conv (oneDNN's forward kernel for this CPU takes channels-last, and
 * its backward reorders either layout to its blocked one), else NCHW. Both layouts give the same values, bit for bit.
 */
public final class ConvModule extends Module implements Module.Unit {
	final String name;
	final int k, c, stride, pad;
	final Shape in, out;
	private final Map<String, INDArray> w, grad;

	/** @param layout of the input, and the output's: {@link Layout#NHWC} or {@link Layout#NCHW} */
	public ConvModule(String name, int channels, int kernel, int stride, int pad, Shape in, Shape out, Layout layout,
		Map<String, INDArray> w, Map<String, INDArray> grad) {
		if (layout != Layout.NHWC && layout != Layout.NCHW)
			throw new IllegalArgumentException("a conv module takes NHWC or NCHW values, not " + layout);
		this.layout = layout;
		this.stride = stride;
		this.pad = pad;
		this.w = w;
		this.grad = grad;
		this.name = name;
		this.k = kernel;
		this.c = channels;
		this.in = in;
		this.out = out;
	}

	@Override
	INDArray allocateOutput(int n, INDArray input) {
		return Ops.create(n, out, layout);
	}

	/** kH, kW, sH, sW, pH, pW, dH, dW, same mode (0), NCHW (0) or NHWC (1), weights [kH, kW, iC, oC] (0) */
	private int[] args() {
		return new int[] { k, k, stride, stride, pad, pad, 1, 1, 0, layout == Layout.NHWC ? 1 : 0, 0 };
	}

	@Override
	void forward(int n, INDArray x, INDArray y, INDArray mask) {
		Ops.exec(DynamicCustomOp.builder("conv2d").addInputs(Ops.view(x, n, in, layout), w.get(name + "_W"), w.get(name + "_b"))
			.addOutputs(y).addIntegerArguments(args()));
	}

	@Override
	void backward(int n, INDArray x, INDArray y, INDArray dOut, INDArray dIn, INDArray mask, boolean params) {
		// conv2d_bp computes all three gradients; unwanted ones go to scratch arrays
		INDArray gi = dIn != null ? Ops.view(dIn, n, in, layout) : scratch(n);
		INDArray gw = params ? grad.get(name + "_W") : scratchW(name + "_W"), gb = params ? grad.get(name + "_b") : scratchW(name + "_b");
		Ops.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(Ops.view(x, n, in, layout), w.get(name + "_W"), w.get(name + "_b"), dOut)
			.addOutputs(gi, gw, gb).addIntegerArguments(args()));
	}

	private INDArray scratchIn;
	private final Map<String, INDArray> scratchParams = new HashMap<>();

	private INDArray scratch(int n) {
		if (scratchIn == null || scratchIn.size(0) != n)
			scratchIn = Ops.create(n, in, layout);
		return scratchIn;
	}

	private INDArray scratchW(String p) {
		return scratchParams.computeIfAbsent(p, q -> Nd4j.create(DataType.FLOAT, w.get(q).shape(), 'c'));
	}

	@Override
	public double unitValue(INDArray out, int u) {
		return channel(out, u).meanNumber().doubleValue();
	}

	@Override
	public void seedUnit(INDArray dOut, int u) {
		dOut.assign(0);
		channel(dOut, u).assign(1.0 / (out.rows * out.cols));
	}

	/** Channel u of image 0. */
	private INDArray channel(INDArray a, int u) {
		return layout == Layout.NHWC ? a.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(u))
			: a.get(NDArrayIndex.point(0), NDArrayIndex.point(u));
	}
}
