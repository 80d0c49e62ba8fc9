package cnnsandbox.training;

import java.util.List;

import cnnsandbox.options.Options;
import cnnsandbox.options.WordList;

/**
 * How the learning rate changes from epoch to epoch, as PyTorch's schedulers stepped once per epoch:
 * <ul>
 * <li>{@code constant}: the learning rate throughout (the default, today's training).</li>
 * <li>{@code step N F}: multiplied by F every N epochs ({@code StepLR(step_size=N, gamma=F)}).</li>
 * <li>{@code cosine}: from the learning rate down a half cosine towards 0 over the run's epochs
 * ({@code CosineAnnealingLR(T_max=epochs)}): epoch e of E trains at lr (1 + cos(pi (e-1) / E)) / 2.</li>
 * <li>{@code plateau N F}: multiplied by F when the loss watched (the validation loss with validation_fraction, else
 * the training loss) has not improved (by 1e-4 relative, PyTorch's
 * threshold) for N epochs in a row, then N more epochs are waited for (Keras' {@code ReduceLROnPlateau}).</li>
 * </ul>
 * Immutable; {@link #start} gives a run's sequence of rates.
 */
public final class LearningRateSchedule {

	public enum Kind {
		CONSTANT("constant"), STEP("step N F"), COSINE("cosine"), PLATEAU("plateau N F");

		public final String syntax;

		Kind(String syntax) {
			this.syntax = syntax;
		}

		String word() {
			return syntax.split(" ")[0];
		}
	}

	public static final LearningRateSchedule CONSTANT = new LearningRateSchedule(Kind.CONSTANT, 0, 0);

	public final Kind kind;
	/** step, plateau: N epochs; else 0. */
	public final int epochs;
	/** step, plateau: the factor F in (0, 1); else 0. */
	public final double factor;

	private LearningRateSchedule(Kind kind, int epochs, double factor) {
		this.kind = kind;
		this.epochs = epochs;
		this.factor = factor;
	}

	/** @throws IllegalArgumentException {@code schedule must be ...; got '...'} */
	public static LearningRateSchedule parse(String text) {
		String expected = "constant, step N F, cosine or plateau N F (N epochs >= 1, factor F > 0 and < 1), e.g. step 5 0.1";
		List<String> items;
		try {
			items = WordList.items("schedule", "part", text);
		}
		catch (IllegalArgumentException e) {
			throw Options.bad("schedule", expected, text);
		}
		if (items.size() != 1)
			throw Options.bad("schedule", expected, text);
		String[] w = WordList.words(items.get(0));
		for (Kind k : Kind.values()) {
			if (!k.word().equals(w[0]))
				continue;
			boolean numbers = k == Kind.STEP || k == Kind.PLATEAU;
			if (w.length != (numbers ? 3 : 1))
				break;
			if (!numbers)
				return k == Kind.CONSTANT ? CONSTANT : new LearningRateSchedule(k, 0, 0);
			try {
				long n = Options.integer("schedule", w[1]);
				double f = Options.number("schedule", w[2]);
				if (n >= 1 && n <= 10_000 && f > 0 && f < 1)
					return new LearningRateSchedule(k, (int) n, f);
			}
			catch (IllegalArgumentException e) {
				// below: the key's one message
			}
			break;
		}
		throw Options.bad("schedule", expected, text);
	}

	/** As written: {@code step 5 0.1}. */
	@Override
	public String toString() {
		return kind == Kind.STEP || kind == Kind.PLATEAU ? kind.word() + " " + epochs + " " + factor : kind.word();
	}

	/** The rates of a run of {@code epochs} epochs starting at {@code rate}. */
	public Rates start(double rate, int epochs) {
		return new Rates(rate, epochs);
	}

	/** One run's rates: {@link #next} before each epoch, {@link #observe} after it (plateau watches the loss). */
	public final class Rates {
		private final double initial;
		private final int runEpochs;
		private double current, best = Double.POSITIVE_INFINITY;
		private int bad;

		Rates(double initial, int runEpochs) {
			this.initial = initial;
			this.runEpochs = runEpochs;
			this.current = initial;
		}

		/** The rate of epoch {@code epoch} (1-based). */
		public double next(int epoch) {
			switch (kind) {
				case STEP:
					return initial * Math.pow(factor, (epoch - 1) / epochs);
				case COSINE:
					return initial * (1 + Math.cos(Math.PI * (epoch - 1) / runEpochs)) / 2;
				case PLATEAU:
					return current;
				default:
					return initial;
			}
		}

		/** After an epoch: the loss plateau watches (the validation loss when there is one, else the training loss). */
		public void observe(double loss) {
			if (kind != Kind.PLATEAU)
				return;
			if (loss < best * (1 - 1e-4)) {
				best = loss;
				bad = 0;
			}
			else if (++bad >= epochs) {
				current *= factor;
				bad = 0;
			}
		}
	}
}
