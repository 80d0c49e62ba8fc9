package cnnsandbox.engine;


import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/** Max or average pooling, S x S windows, stride S, in the layout it gets. */
public final class PoolModule extends Module {
	final boolean max;
	final int s;
	final Shape in, out;

	public PoolModule(boolean max, int size, Shape in, Shape out, Layout layout) {
		this.max = max;
		this.s = size;
		this.in = in;
		this.out = out;
		this.layout = layout;
	}

	@Override
	INDArray allocateOutput(int n, INDArray input) {
		return Ops.create(n, out, layout);
	}

	private DynamicCustomOp.DynamicCustomOpsBuilder op(String name) {
		// kH, kW, sH, sW, pH, pW, dH, dW, same mode, extra (avg: 0 = divide by the window), NHWC
		return DynamicCustomOp.builder(name).addIntegerArguments(s, s, s, s, 0, 0, 1, 1, 0, 0, layout == Layout.NHWC ? 1 : 0);
	}

	private INDArray view(INDArray a, int n) {
		return Ops.view(a, n, in, layout);
	}

	@Override
	void forward(int n, INDArray x, INDArray y, INDArray mask) {
		Ops.exec(op(max ? "maxpool2d" : "avgpool2d").addInputs(view(x, n)).addOutputs(y));
	}

	@Override
	void backward(int n, INDArray x, INDArray y, INDArray dOut, INDArray dIn, INDArray mask, boolean params) {
		if (dIn != null)
			Ops.exec(op(max ? "maxpool2d_bp" : "avgpool2d_bp").addInputs(view(x, n), dOut).addOutputs(view(dIn, n)));
	}
}
