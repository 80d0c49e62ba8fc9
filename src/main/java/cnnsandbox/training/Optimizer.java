package cnnsandbox.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

import cnnsandbox.options.Options;

/** The optimisers of the workshop, with PyTorch semantics; training, activation maximisation and deblurring share them. */
public enum Optimizer implements Options.Choice {
	/** PyTorch {@code optim.SGD(lr, momentum)}: classical momentum, v = mu*v + g; w -= lr*v. */
	SGD("SGD"),
	/** PyTorch {@code optim.Adam(lr)} with betas (0.9, 0.999), eps 1e-8. */
	ADAM("Adam");

	private final String label;

	Optimizer(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}

	/**
	 * An updater for one parameter (or image) of {@code shape}, its state zeroed: {@code applyUpdater(g, ...)} turns
	 * the gradient g in place into the step to subtract. Training and activation maximisation share it.
	 */
	public GradientUpdater<?> updater(double learningRate, double momentum, long[] shape) {
		IUpdater config = this == SGD ? new ClassicalMomentum(learningRate, momentum) : new TorchAdam(learningRate);
		long length = 1;
		for (long d : shape) length *= d;
		long size = config.stateSize(length);
		INDArray state = size == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, size);
		GradientUpdater<?> u = config.instantiate(state, true);
		if (state != null) u.setStateViewArray(state, shape, 'c', true);
		return u;
	}
}
