package cnnsandbox.visualize;

import java.util.Locale;

import cnnsandbox.model.Optimizer;

/** Parameters of an activation-maximisation run (the workshop's generate_image), named by their macro keys. */
public final class AscentSettings {

	/** How the image starts: the smooth null image, or seeded white noise. */
	public enum Start { ZERO, RANDOM }

	/**
	 * What keeps the image bounded: {@code CLAMP} projects it onto the data range [0, 1] after each step (the images
	 * the model was trained on), {@code L2} subtracts weight_decay * |x|^2 / 2 from the objective, {@code NONE} lets
	 * it grow (a hidden unit's activation then grows without bound). {@code AUTO} is NONE for a class (log p
	 * saturates at 0, so the ascent slows down by itself, as in the workshop) and CLAMP for a hidden unit.
	 */
	public enum Regularizer { AUTO, CLAMP, L2, NONE }

	public Start start = Start.ZERO;
	public long seed = 1;
	public Optimizer optimizer = Optimizer.SGD;
	public int steps = 300;
	public double learningRate = 3;
	public double momentum = 0.5;
	public Regularizer regularizer = Regularizer.AUTO;
	public double weightDecay = 0.01;

	public AscentSettings validate() {
		if (steps < 1) throw new IllegalArgumentException("steps must be an integer >= 1, got " + steps);
		if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
			throw new IllegalArgumentException("learning_rate must be a finite number > 0, got " + learningRate);
		}
		if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
		if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
			throw new IllegalArgumentException("weight_decay must be a finite number >= 0, got " + weightDecay);
		}
		return this;
	}

	/** These settings with {@code AUTO} replaced by the regulariser it means for {@code objective}. */
	AscentSettings resolveFor(cnnsandbox.model.Objective objective) {
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

	/** Case-insensitive enum parsing with a message naming the key and the allowed values. */
	public static <E extends Enum<E>> E parse(String key, String value, Class<E> type) {
		for (E e : type.getEnumConstants()) {
			if (e.name().equalsIgnoreCase(value == null ? "" : value.trim())) return e;
		}
		StringBuilder allowed = new StringBuilder();
		for (E e : type.getEnumConstants()) allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
		throw new IllegalArgumentException(key + " must be one of " + allowed + "; got '" + value + "'");
	}
}
