package cnnsandbox.training;

/** Progress of a training run; called on the training thread. */
public interface TrainingListener {

	/** Batch {@code batch} (1-based) of {@code batchesPerEpoch} of epoch {@code epoch} (1-based) is done. */
	default void batch(int epoch, int batch, int batchesPerEpoch) {}

	/** An epoch ended (epoch 0: the evaluation before training). */
	default void epochEnd(EpochRecord record) {}
}
