package cnnsandbox.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Global average pooling: each channel's mean over the whole image, [n, C] (which is [n, C, 1, 1] in NCHW), in the
 * layout it gets. What exported networks (ResNets, MobileNets) end their conv stack with.
 */
public final class GlobalPoolModule extends Module {
	final Shape in;
	/** How the input is laid out ({@link Module#layout} is the output's: [n, C] reads as NCHW). */
	final Layout inLayout;

	public GlobalPoolModule(Shape in, Layout inLayout) {
		this.in = in;
		this.inLayout = inLayout;
	}

	/** The values as [n, pixels, C] (channels-last) or [n, C, pixels]: the mean is then over one dimension. */
	private INDArray view(INDArray a, int n) {
		int pixels = in.rows * in.cols;
		return inLayout == Layout.NHWC ? a.reshape('c', n, pixels, in.channels) : a.reshape('c', n, in.channels, pixels);
	}

	private int pixelDimension() {
		return inLayout == Layout.NHWC ? 1 : 2;
	}

	@Override
	INDArray allocateOutput(int n, INDArray input) {
		return Nd4j.create(DataType.FLOAT, n, in.channels);
	}

	@Override
	void forward(int n, INDArray x, INDArray y, INDArray mask) {
		y.assign(view(x, n).mean(pixelDimension()));
	}

	/** Each pixel gets its channel's output gradient / (H * W). */
	@Override
	void backward(int n, INDArray x, INDArray y, INDArray dOut, INDArray dIn, INDArray mask, boolean params) {
		if (dIn == null)
			return;
		INDArray g = view(dIn, n);
		INDArray share = dOut.div(in.rows * in.cols);
		INDArray spread = inLayout == Layout.NHWC ? share.reshape(n, 1, in.channels) : share.reshape(n, in.channels, 1);
		g.assign(spread.broadcast(g.shape()));
	}
}
