package cnnsandbox.training;

import java.util.List;
import java.util.Random;

import cnnsandbox.engine.DropoutModule;

/**
 * The random streams of a training run: the batch order (a permutation shuffled again each epoch, from the one
 * before) and the dropout masks. A run that continues a saved one replays the epochs already done, drawing exactly
 * the numbers they drew and no more, so that 2 epochs + 2 resumed = 4 epochs bit for bit without a random
 * generator's internal state in the model file (java.util.Random does not expose it).
 */
final class RandomStreams {

	final Random shuffler, dropper;
	/** This epoch's order of the training images. */
	final int[] order;

	RandomStreams(long seed, int n) {
		shuffler = new Random(seed * 0x9E3779B97F4A7C15L + 1);
		dropper = new Random(seed * 0xC2B2AE3D27D4EB4FL + 2);
		order = new int[n];
		for (int i = 0; i < n; i++)
			order[i] = i;
	}

	/** Shuffles for the next epoch. */
	void nextEpoch() {
		Trainer.shuffle(order, shuffler);
	}

	/**
	 * Draws what {@code epochs} epochs drew: one shuffle each, and per batch of {@code batchSize} (the last one
	 * shorter) the masks of every dropout layer (the values are thrown away).
	 */
	void skip(int epochs, int batchSize, List<DropoutModule> dropouts) {
		float[] scratch = new float[0];
		for (int e = 0; e < epochs; e++) {
			nextEpoch();
			for (int from = 0; from < order.length; from += batchSize) {
				int n = Math.min(batchSize, order.length - from);
				for (DropoutModule d : dropouts) {
					int length = Math.toIntExact(n * d.features);
					if (scratch.length < length) scratch = new float[length];
					Trainer.dropoutValues(scratch, length, d.p, dropper);
				}
			}
		}
	}
}
