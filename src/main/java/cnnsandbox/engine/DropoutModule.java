package cnnsandbox.engine;


import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout: out = in * mask (0 or 1/(1-p)) in training, a copy at inference. The mask [n, features] is in
 * (channel, row, column) order, as the reference graph applies it; the planner gives this module NCHW or flat values
 * ({@link Engine.Planner#dropout}).
 */
public final class DropoutModule extends Module {
	public final double p;
	public final long features;

	DropoutModule(double p, Shape shape) {
		this.p = p;
		this.features = shape.size();
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
		INDArray flat = x.reshape('c', n, features);
		if (mask != null)
			flat.mul(mask, y);
		else
			y.assign(flat);
	}

	@Override
	void backward(int n, INDArray x, INDArray y, INDArray dOut, INDArray dIn, INDArray mask, boolean params) {
		if (dIn == null)
			return;
		INDArray g = dIn.reshape('c', n, features);
		if (mask != null)
			dOut.mul(mask, g);
		else
			g.assign(dOut);
	}
}
