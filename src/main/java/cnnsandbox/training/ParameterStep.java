package cnnsandbox.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * One optimiser step on the flat parameters: the updater turns the gradients into the step, which is subtracted
 * from the weights. SGD with momentum does both in one Java pass ({@link ClassicalMomentum.Updater#stepInPlace},
 * bit for bit the same as the ND4J ops it replaces); other updaters run as ND4J ops.
 */
final class ParameterStep {

	private ParameterStep() {}

	static void apply(GradientUpdater<?> updater, INDArray weights, INDArray gradients, int iteration, int epoch) {
		if (updater instanceof ClassicalMomentum.Updater
			&& ((ClassicalMomentum.Updater) updater).stepInPlace(weights, gradients, iteration, epoch))
			return;
		updater.applyUpdater(gradients, iteration, epoch);
		weights.subi(gradients);
	}
}
