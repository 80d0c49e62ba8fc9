package cnnsandbox.visualize;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import cnnsandbox.model.Classifier;
import cnnsandbox.model.Objective;

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

	public Result maximise(Objective objective, AscentSettings s, BooleanSupplier cancelled) {
		s.validate();
		int rows = model.inputRows(), cols = model.inputCols(), n = rows * cols;
		INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 1, rows, cols);
		if (s.start == AscentSettings.Start.RANDOM) {
			Random rng = new Random(s.seed);
			float[] noise = new float[n];
			for (int i = 0; i < n; i++) noise[i] = (float) (0.5 + 0.1 * rng.nextGaussian()); // white noise around mid-grey
			x.assign(Nd4j.create(noise, new long[] { 1, 1, rows, cols }, 'c'));
			clampIfNeeded(x, s);
		}
		INDArray grad = Nd4j.zeros(DataType.FLOAT, 1, 1, rows, cols);
		INDArray v = Nd4j.zeros(DataType.FLOAT, 1, 1, rows, cols); // momentum, or Adam's first moment
		INDArray m2 = Nd4j.zeros(DataType.FLOAT, 1, 1, rows, cols); // Adam's second moment
		double[] log = new double[s.steps];
		for (int step = 0; step < s.steps; step++) {
			if (cancelled != null && cancelled.getAsBoolean()) throw new CancellationException();
			double value = model.objectiveAndGradient(x, objective, grad);
			if (s.regularizer == AscentSettings.Regularizer.L2) {
				value -= 0.5 * s.weightDecay * x.norm2Number().doubleValue() * x.norm2Number().doubleValue();
				grad.subi(x.mul(s.weightDecay));
			}
			log[step] = value;
			if (s.optimizer == AscentSettings.Optimizer.SGD) {
				// classical momentum (PyTorch): v = mu v + g; x += lr v (ascent)
				v.muli(s.momentum).addi(grad);
				x.addi(v.mul(s.learningRate));
			}
			else {
				// PyTorch Adam defaults (betas 0.9, 0.999, eps 1e-8) on -objective
				double b1 = 0.9, b2 = 0.999;
				v.muli(b1).addi(grad.mul(1 - b1));
				m2.muli(b2).addi(grad.mul(grad).muli(1 - b2));
				double c1 = 1 - Math.pow(b1, step + 1), c2 = 1 - Math.pow(b2, step + 1);
				INDArray denom = org.nd4j.linalg.ops.transforms.Transforms.sqrt(m2.div(c2), true).addi(1e-8);
				x.addi(v.div(c1).divi(denom).muli(s.learningRate));
			}
			clampIfNeeded(x, s);
		}
		double[] p = model.probabilities(x).toDoubleVector();
		return new Result(x.reshape(n).toFloatVector(), log, p);
	}

	/** One image per unit of {@code layer} (e.g. the 32 channels of conv1). */
	public List<Result> maximiseAll(String layer, AscentSettings s, BooleanSupplier cancelled) {
		List<Result> results = new ArrayList<>();
		for (int u = 0; u < model.units(layer); u++) results.add(maximise(Objective.unit(layer, u), s, cancelled));
		return results;
	}

	private static void clampIfNeeded(INDArray x, AscentSettings s) {
		if (s.regularizer != AscentSettings.Regularizer.CLAMP) return;
		org.nd4j.linalg.ops.transforms.Transforms.max(x, 0.0, false);
		org.nd4j.linalg.ops.transforms.Transforms.min(x, 1.0, false);
	}
}
