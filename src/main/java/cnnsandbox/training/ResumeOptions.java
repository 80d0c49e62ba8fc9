package cnnsandbox.training;

import java.nio.file.Path;

import cnnsandbox.options.Options;

/**
 * The keys that start a training run from a saved model and save it along the way: {@code initial_model} (resume
 * with the same classes, fine-tune with others), {@code freeze} (the last layer kept fixed) and
 * {@code checkpoint_every}. The defaults train from fresh weights, as before these keys existed.
 */
public final class ResumeOptions {

	/** A model file to start from; null = fresh weights. */
	public Path initialModel;
	/** The last conv or dense layer whose parameters stay fixed (conv2, fc1...); "" = train all. */
	public String freeze = "";
	/** Write the model every N epochs (to model_file); 0 = only at the end. */
	public int checkpointEvery = 0;

	void copyTo(ResumeOptions c) {
		c.initialModel = initialModel;
		c.freeze = freeze;
		c.checkpointEvery = checkpointEvery;
	}

	/** @throws IllegalArgumentException naming the key (see {@link Options}) */
	public ResumeOptions validate() {
		if (freeze == null) freeze = "";
		freeze = freeze.trim();
		Options.between("checkpoint_every", checkpointEvery, 0, 10_000);
		return this;
	}

	/** The keys that differ from their defaults, each with a leading blank ("" for the defaults). */
	@Override
	public String toString() {
		return (initialModel != null ? " initial_model=" + initialModel : "") + (freeze.isEmpty() ? "" : " freeze=" + freeze)
			+ (checkpointEvery > 0 ? " checkpoint_every=" + checkpointEvery : "");
	}
}
