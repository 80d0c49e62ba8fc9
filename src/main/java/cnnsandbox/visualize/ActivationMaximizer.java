package cnnsandbox.visualize;

import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

import cnnsandbox.deblur.DescentMetric;
import cnnsandbox.deblur.MetricKind;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Objective;

/**
 * Synthesises the input a class or a hidden unit responds to most, by gradient ascent on the image with the weights
 * frozen (the workshop's generate_image). The model computes objective and input gradient (dropout off); this class
 * only owns the ascent: optimiser, regulariser, the metric the step is taken in, jitter and log.
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
		// Deblur Signal's metrics turned around (DescentMetric.ascent): Sobolev and Preconditioned damp the step's
		// high frequencies; L2 leaves the gradient as it is (today's images, bit for bit).
		DescentMetric metric = s.metric == MetricKind.L2 ? null : DescentMetric.ascent(s.metric, s.sigma, s.epsilon, cols, rows);
		Jitter jitter = new Jitter(s.jitter, s.seed);
		double[] log = new double[s.steps];
		for (int step = 0; step < s.steps; step++) {
			if (cancelled != null && cancelled.getAsBoolean()) throw new CancellationException();
			double value;
			if (jitter.isOn()) {
				jitter.next();
				value = model.objectiveAndGradient(floats(jitter.shift(floats(x), rows, cols), x), objective, grad);
				grad.assign(floats(jitter.unshift(floats(grad), rows, cols), grad));
			}
			else value = model.objectiveAndGradient(x, objective, grad);
			if (s.regularizer == AscentSettings.Regularizer.L2) {
				double norm = x.norm2Number().doubleValue();
				value -= 0.5 * s.weightDecay * norm * norm;
				grad.subi(x.mul(s.weightDecay));
			}
			log[step] = value;
			if (metric != null) inMetric(metric, grad, rows * cols);
			grad.negi();
			updater.applyUpdater(grad, step, 0);
			x.subi(grad);
			clampIfNeeded(x, s);
		}
		double[] p = model.probabilities(x).toDoubleVector();
		return new Result(x.reshape(n).toFloatVector(), log, p);
	}

	/** The gradient written in {@code metric}, plane by plane (each plane rows x cols). */
	private static void inMetric(DescentMetric metric, INDArray grad, int plane) {
		float[] g = floats(grad);
		double[] in = new double[plane], out = new double[plane];
		for (int p = 0; p < g.length; p += plane) {
			for (int i = 0; i < plane; i++) in[i] = g[p + i];
			metric.direction(in, out);
			for (int i = 0; i < plane; i++) g[p + i] = (float) out[i];
		}
		grad.assign(floats(g, grad));
	}

	private static float[] floats(INDArray a) {
		return a.dup('c').data().asFloat();
	}

	private static INDArray floats(float[] v, INDArray like) {
		return Nd4j.create(v, like.shape(), 'c');
	}

	private static void clampIfNeeded(INDArray x, AscentSettings s) {
		if (s.regularizer != AscentSettings.Regularizer.CLAMP) return;
		org.nd4j.linalg.ops.transforms.Transforms.max(x, 0.0, false);
		org.nd4j.linalg.ops.transforms.Transforms.min(x, 1.0, false);
	}
}
