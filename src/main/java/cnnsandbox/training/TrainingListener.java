package cnnsandbox.training;

/** Progress of a training run; called on the training thread. */
public interface TrainingListener {

	/** Batch {@code batch} (1-based) of {@code batchesPerEpoch} of epoch {@code epoch} (1-based) is done. */
	default void batch(int epoch, int batch, int batchesPerEpoch) {}

	/** An epoch ended (epoch 0: the evaluation before training). */
	default void epochEnd(EpochRecord record) {}

	/** A line for the log before training starts: where it starts from (initial_model), what is held out. */
	default void info(String line) {}

	/** checkpoint_every: the model as it is after this epoch, optimiser state included, to be saved. */
	default void checkpoint(Classifier model) {}
}
