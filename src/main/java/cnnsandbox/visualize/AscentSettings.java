package cnnsandbox.visualize;

import java.util.Locale;

import cnnsandbox.deblur.MetricKind;
import cnnsandbox.training.Optimizer;
import cnnsandbox.options.Options;

/** Parameters of an activation-maximisation run (the workshop's generate_image), named by their macro keys. */
public final class AscentSettings {

	/** How the image starts: the smooth null image, or seeded white noise. */
	public enum InitialImage implements Options.Choice {
		ZERO, RANDOM;

		@Override
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * What keeps the image bounded: {@code CLAMP} projects it onto the data range [0, 1] after each step (the images
	 * the model was trained on), {@code L2} subtracts weight_decay * |x|^2 / 2 from the objective, {@code NONE} lets
	 * it grow (a hidden unit's activation then grows without bound). {@code AUTO} is NONE for a class (log p
	 * saturates at 0, so the ascent slows down by itself, as in the workshop) and CLAMP for a hidden unit.
	 */
	public enum Regularizer implements Options.Choice {
		AUTO, CLAMP, L2, NONE;

		@Override
		public String label() {
			return this == L2 ? "L2" : name().toLowerCase(Locale.ROOT);
		}
	}

	public InitialImage start = InitialImage.ZERO;
	public long seed = 1;
	public Optimizer optimizer = Optimizer.SGD;
	public int steps = 300;
	public double learningRate = 3;
	public double momentum = 0.5;
	public Regularizer regularizer = Regularizer.AUTO;
	public double weightDecay = 0.01;
	/** The metric the ascent's gradient is taken in (DescentMetric.ascent): L2 keeps the plain gradient. */
	public MetricKind metric = MetricKind.L2;
	/** Sobolev and Preconditioned: the length, in pixels, over which a step is smoothed. */
	public double sigma = 1;
	/** Preconditioned: the share of the plain gradient kept at every frequency. */
	public double epsilon = 0.01;
	/** Each step sees the image shifted (circularly) by a seeded random offset of at most this many pixels. */
	public int jitter = 0;

	/** A smoothing length beyond this says nothing more about a network input and only costs memory (6 sigma of padding). */
	static final double MAX_SIGMA = 100;

	public AscentSettings validate() {
		Options.atLeast("steps", steps, 1);
		Options.positive("learning_rate", learningRate);
		Options.unitInterval("momentum", momentum);
		Options.nonNegative("weight_decay", weightDecay);
		Options.positiveAtMost("sigma", sigma, MAX_SIGMA);
		Options.positive("epsilon", epsilon);
		Options.atLeast("jitter", jitter, 0);
		return this;
	}

	/** These settings with {@code AUTO} replaced by the regulariser it means for {@code objective}. */
	AscentSettings resolveFor(cnnsandbox.training.Objective objective) {
		if (regularizer != Regularizer.AUTO) return this;
		AscentSettings s = copy();
		s.regularizer = objective.isClass() ? Regularizer.NONE : Regularizer.CLAMP;
		return s;
	}

	public AscentSettings copy() {
		AscentSettings s = new AscentSettings();
		s.start = start;
		s.seed = seed;
		s.optimizer = optimizer;
		s.steps = steps;
		s.learningRate = learningRate;
		s.momentum = momentum;
		s.regularizer = regularizer;
		s.weightDecay = weightDecay;
		s.metric = metric;
		s.sigma = sigma;
		s.epsilon = epsilon;
		s.jitter = jitter;
		return s;
	}
}
