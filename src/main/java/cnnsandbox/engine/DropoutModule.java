package cnnsandbox.engine;


import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout: out = in * mask (0 or 1/(1-p)) in training, a copy at inference. The mask [n, features] is in
 * (channel, row, column) order whatever the layout, as the reference graph applies it.
 */
public final class DropoutModule extends Module {
	public final double p;
	public final long features;
	final Shape shape;

	DropoutModule(double p, Shape shape, Layout layout) {
		this.p = p;
		this.features = shape.size();
		this.shape = shape;
		this.layout = layout;
	}

	/** The mask as the values are laid out. */
	private INDArray view(INDArray mask, INDArray like) {
		if (layout != Layout.NHWC)
			return mask.reshape(like.shape());
		INDArray nhwc = mask.reshape('c', mask.size(0), shape.channels, shape.rows, shape.cols).permute(0, 2, 3, 1);
		return like.rank() == 4 ? nhwc : nhwc.dup('c').reshape(like.shape());
	}

	/**
	 * Flat [n, features] whatever the input: a dense layer after it then multiplies a plain array, as the
	 * hard-wired engine did, not a reshaped view (see {@link Ops#flat}).
	 */
	@Override
	INDArray allocateOutput(int n, INDArray input) {
		return Nd4j.create(DataType.FLOAT, n, features);
	}

	@Override
	void forward(int n, INDArray x, INDArray y, INDArray mask) {
		if (layout != Layout.NHWC) {
			INDArray flat = x.reshape('c', n, features);
			if (mask != null)
				flat.mul(mask, y);
			else
				y.assign(flat);
		} else {
			INDArray y4 = y.reshape(x.shape()); // channels-last values, in their order
			if (mask != null)
				x.mul(view(mask, x), y4);
			else
				y4.assign(x);
		}
	}

	@Override
	void backward(int n, INDArray x, INDArray y, INDArray dOut, INDArray dIn, INDArray mask, boolean params) {
		if (dIn == null)
			return;
		if (layout != Layout.NHWC) {
			INDArray g = dIn.reshape('c', n, features);
			if (mask != null)
				dOut.mul(mask, g);
			else
				g.assign(dOut);
		} else {
			INDArray d4 = dOut.reshape(x.shape()), g = dIn.reshape(x.shape());
			if (mask != null)
				d4.mul(view(mask, x), g);
			else
				g.assign(d4);
		}
	}
}
