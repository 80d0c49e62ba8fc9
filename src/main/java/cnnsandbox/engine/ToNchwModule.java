package cnnsandbox.engine;


import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Channels-last [n, h, w, c] to channels-first [n, c, h, w]. */
public final class ToNchwModule extends Module {
	final Shape shape;

	ToNchwModule(Shape shape) {
		this.shape = shape;
	}

	@Override
	INDArray allocateOutput(int n, INDArray input) {
		return Nd4j.create(DataType.FLOAT, n, shape.channels, shape.rows, shape.cols);
	}

	@Override
	void forward(int n, INDArray x, INDArray y, INDArray mask) {
		y.assign(nhwc(x, n).permute(0, 3, 1, 2));
	}

	@Override
	void backward(int n, INDArray x, INDArray y, INDArray dOut, INDArray dIn, INDArray mask, boolean params) {
		if (dIn != null)
			nhwc(dIn, n).assign(dOut.permute(0, 2, 3, 1));
	}

	private INDArray nhwc(INDArray a, int n) {
		return a.rank() == 4 ? a : a.reshape('c', n, shape.rows, shape.cols, shape.channels);
	}
}
