package cnnsandbox.model;

import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/** The optimisers of the workshop, with PyTorch semantics. */
public enum Optimizer {
	/** PyTorch {@code optim.SGD(lr, momentum)}: classical momentum, v = mu*v + g; w -= lr*v. */
	SGD,
	/** PyTorch {@code optim.Adam(lr)} with betas (0.9, 0.999), eps 1e-8. */
	ADAM;

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

	/** "sgd" or "adam", any case. */
	public static Optimizer parse(String s) {
		String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
		for (Optimizer o : values())
			if (o.name().equals(t))
				return o;
		throw new IllegalArgumentException("optimizer: unknown optimizer '" + s + "'; allowed: SGD, Adam");
	}
}
