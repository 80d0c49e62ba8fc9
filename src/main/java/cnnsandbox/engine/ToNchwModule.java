package cnnsandbox.engine;


import org.nd4j.linalg.api.ndarray.INDArray;

/** Channels-last [n, h, w, c] to channels-first [n, c, h, w]. */
public final class ToNchwModule extends Module {
	final Shape shape;

	ToNchwModule(Shape shape) {
		this.shape = shape;
	}

	@Override
	INDArray allocateOutput(int n, INDArray input) {
		return Ops.create(n, shape, Layout.NCHW);
	}

	@Override
	void forward(int n, INDArray x, INDArray y, INDArray mask) {
		y.assign(Ops.view(x, n, shape, Layout.NHWC).permute(0, 3, 1, 2));
	}

	@Override
	void backward(int n, INDArray x, INDArray y, INDArray dOut, INDArray dIn, INDArray mask, boolean params) {
		if (dIn != null)
			Ops.view(dIn, n, shape, Layout.NHWC).assign(dOut.permute(0, 2, 3, 1));
	}
}
