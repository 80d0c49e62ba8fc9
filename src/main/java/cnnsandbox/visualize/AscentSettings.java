package cnnsandbox.visualize;

import java.util.Locale;

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

	public AscentSettings validate() {
		Options.atLeast("steps", steps, 1);
		Options.positive("learning_rate", learningRate);
		Options.unitInterval("momentum", momentum);
		Options.nonNegative("weight_decay", weightDecay);
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
		return s;
	}
}
