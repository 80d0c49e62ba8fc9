package cnnsandbox.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Leaky ReLU, y = x for x > 0, slope * x otherwise (PyTorch's LeakyReLU, ONNX LeakyRelu; imported nets use it). Never
 * in place, and its backward pass reads the input, not the output: an in-place activation after it may overwrite its
 * output.
 */
public final class LeakyReluModule extends Module {
	final double slope;

	public LeakyReluModule(double slope) {
		this.slope = slope;
	}

	@Override
	INDArray allocateOutput(int n, INDArray input) {
		return Nd4j.create(DataType.FLOAT, input.shape(), 'c');
	}

	@Override
	void forward(int n, INDArray x, INDArray y, INDArray mask) {
		// relu(x) - slope relu(-x): exactly x for x > 0 and slope x below
		y.assign(x);
		Transforms.relu(y, false);
		y.subi(Transforms.relu(x.neg(), false).muli(slope));
	}

	@Override
	void backward(int n, INDArray x, INDArray y, INDArray dOut, INDArray dIn, INDArray mask, boolean params) {
		if (dIn == null)
			return;
		INDArray g = java.util.Arrays.equals(dIn.shape(), x.shape()) ? dIn : dIn.reshape(x.shape());
		// 1 where x > 0, else slope (PyTorch's choice at 0): step + slope (1 - step), step = sign(relu(x)), exact in both
		g.assign(x);
		Transforms.relu(g, false);
		Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.same.Sign(g, g));
		g.addi(g.rsub(1).muli(slope)).muli(dOut);
	}
}
