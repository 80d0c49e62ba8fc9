package cnnsandbox.engine;


import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A dense layer: flattens its (NCHW or flat) input and applies x W + b. */
public final class DenseModule extends Module implements Module.Unit {
	final String name;
	final int inputs, units;
	private final Map<String, INDArray> w, grad;

	public DenseModule(String name, Shape in, Shape out, Map<String, INDArray> w, Map<String, INDArray> grad) {
		this.w = w;
		this.grad = grad;
		this.name = name;
		this.inputs = (int) in.size();
		this.units = out.channels;
	}

	@Override
	INDArray allocateOutput(int n, INDArray input) {
		return Nd4j.create(DataType.FLOAT, n, units);
	}

	@Override
	void forward(int n, INDArray x, INDArray y, INDArray mask) {
		Ops.gemm(Ops.flat(x, n, inputs), w.get(name + "_W"), y, false, false);
		y.addiRowVector(w.get(name + "_b"));
	}

	@Override
	void backward(int n, INDArray x, INDArray y, INDArray dOut, INDArray dIn, INDArray mask, boolean params) {
		if (params) {
			Ops.gemm(Ops.flat(x, n, inputs), dOut, grad.get(name + "_W"), true, false);
			dOut.sum(grad.get(name + "_b"), 0);
		}
		if (dIn != null)
			Ops.gemm(dOut, w.get(name + "_W"), Ops.flat(dIn, n, inputs), false, true);
	}

	@Override
	public double unitValue(INDArray out, int u) {
		return out.getDouble(0, u);
	}

	@Override
	public void seedUnit(INDArray dOut, int u) {
		dOut.assign(0).putScalar(0, u, 1.0);
	}
}
