package cnnsandbox.visualize;

import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

import cnnsandbox.training.Classifier;
import cnnsandbox.training.Objective;

/**
 * Synthesises the input a class or a hidden unit responds to most, by gradient ascent on the image with the weights
 * frozen (the workshop's generate_image). The model computes objective and input gradient (dropout off); this class
 * only owns the ascent: optimiser, regulariser and log.
 */
public final class ActivationMaximizer {

	private final Classifier model;

	public ActivationMaximizer(Classifier model) {
		this.model = model;
	}

	/** One synthesised image: its pixels (rows x cols, row-major), the objective at each step, class probabilities. */
	public static final class Result {
		public final float[] image;
		public final double[] objective;
		public final double[] probabilities;

		Result(float[] image, double[] objective, double[] probabilities) {
			this.image = image;
			this.objective = objective;
			this.probabilities = probabilities;
		}
	}

	public Result maximise(Objective objective, AscentSettings settings, BooleanSupplier cancelled) {
		AscentSettings s = settings.validate().resolveFor(objective);
		int channels = model.inputChannels(), rows = model.inputRows(), cols = model.inputCols(), n = channels * rows * cols;
		INDArray x = Nd4j.zeros(DataType.FLOAT, 1, channels, rows, cols);
		if (s.start == AscentSettings.InitialImage.RANDOM) {
			Random rng = new Random(s.seed);
			float[] noise = new float[n];
			for (int i = 0; i < n; i++) noise[i] = (float) (0.5 + 0.1 * rng.nextGaussian()); // white noise around mid-grey
			x.assign(Nd4j.create(noise, new long[] { 1, channels, rows, cols }, 'c'));
			clampIfNeeded(x, s);
		}
		INDArray grad = Nd4j.zeros(DataType.FLOAT, 1, channels, rows, cols);
		// The training's own updaters (PyTorch's classical momentum or Adam), given -gradient: ascent.
		GradientUpdater<?> updater = s.optimizer.updater(s.learningRate, s.momentum, x.shape());
		double[] log = new double[s.steps];
		for (int step = 0; step < s.steps; step++) {
			if (cancelled != null && cancelled.getAsBoolean()) throw new CancellationException();
			double value = model.objectiveAndGradient(x, objective, grad);
			if (s.regularizer == AscentSettings.Regularizer.L2) {
				double norm = x.norm2Number().doubleValue();
				value -= 0.5 * s.weightDecay * norm * norm;
				grad.subi(x.mul(s.weightDecay));
			}
			log[step] = value;
			grad.negi();
			updater.applyUpdater(grad, step, 0);
			x.subi(grad);
			clampIfNeeded(x, s);
		}
		double[] p = model.probabilities(x).toDoubleVector();
		return new Result(x.reshape(n).toFloatVector(), log, p);
	}

	private static void clampIfNeeded(INDArray x, AscentSettings s) {
		if (s.regularizer != AscentSettings.Regularizer.CLAMP) return;
		org.nd4j.linalg.ops.transforms.Transforms.max(x, 0.0, false);
		org.nd4j.linalg.ops.transforms.Transforms.min(x, 1.0, false);
	}
}
