package cnnsandbox.training;

import cnnsandbox.options.Options;

/**
 * The validation keys of a training run: the fraction of the training images held out (seeded, per class), early
 * stopping's patience, and which epoch's weights are kept. The defaults (no validation, keep the last epoch) train
 * exactly as before these keys existed.
 */
public final class ValidationOptions {

	/** Held out of the training images, per class; 0 = no validation. */
	public double fraction = 0;
	/** Stop when the validation loss has not improved for this many epochs; 0 = never stop early. */
	public int patience = 0;
	public Keep keep = Keep.LAST;

	public boolean active() {
		return fraction > 0;
	}

	/** Sets {@code c}'s keys to these (TrainingSettings' copy keeps its final field). */
	void copyTo(ValidationOptions c) {
		c.fraction = fraction;
		c.patience = patience;
		c.keep = keep;
	}

	/** @throws IllegalArgumentException naming the key (see {@link Options}) */
	public ValidationOptions validate() {
		if (!(fraction == 0 || fraction > 0 && fraction < 1))
			throw Options.bad("validation_fraction", "0 (no validation) or a number > 0 and < 1", fraction);
		Options.between("patience", patience, 0, 10_000);
		if (keep == null) throw Options.bad("keep", "one of " + Options.labels(Keep.class), null);
		if (!active() && patience > 0)
			throw new IllegalArgumentException("patience=" + patience + " needs a validation set: set validation_fraction, e.g. 0.1");
		if (!active() && keep == Keep.BEST)
			throw new IllegalArgumentException("keep=best needs a validation set to choose the best epoch: set validation_fraction, e.g. 0.1");
		return this;
	}

	/** The keys that differ from their defaults, each with a leading blank ("" for the defaults). */
	@Override
	public String toString() {
		return (active() ? " validation_fraction=" + fraction : "") + (patience > 0 ? " patience=" + patience : "")
			+ (keep != Keep.LAST ? " keep=" + keep.label() : "");
	}
}
