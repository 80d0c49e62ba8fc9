package cnnsandbox.model;

import java.nio.file.Path;

import cnnsandbox.data.FashionMnist;

/**
 * Settings of a training run, with the workshop's defaults (batch 250, SGD lr 0.01 momentum 0.5, 10 epochs, seed
 * 1). Mutable for convenience; {@link #validate()} checks it, naming the macro key of a bad value.
 */
public final class TrainingSettings {

	public Architecture architecture = Architecture.MLP;
	/** Hidden units of the MLP (ignored by the CNN, whose dense layer has 128). */
	/** The most hidden units the MLP may have. */
	public static final int MAX_HIDDEN = 100_000;
	public int hidden = 100;
	public int batchSize = 250;
	public Optimizer optimizer = Optimizer.SGD;
	public double learningRate = 0.01;
	/** SGD momentum (ignored by Adam). */
	public double momentum = 0.5;
	public int epochs = 10;
	public long seed = 1;
	/** First N training examples, 0 for all. */
	public int trainLimit = 0;
	/** First N test examples, 0 for all. */
	public int testLimit = 0;
	public Path dataDir = FashionMnist.DEFAULT_DIR;

	public TrainingSettings() {}

	public TrainingSettings(Architecture architecture) {
		this.architecture = architecture;
	}

	public TrainingSettings copy() {
		TrainingSettings c = new TrainingSettings();
		c.architecture = architecture;
		c.hidden = hidden;
		c.batchSize = batchSize;
		c.optimizer = optimizer;
		c.learningRate = learningRate;
		c.momentum = momentum;
		c.epochs = epochs;
		c.seed = seed;
		c.trainLimit = trainLimit;
		c.testLimit = testLimit;
		c.dataDir = dataDir;
		return c;
	}

	/** @throws IllegalArgumentException naming the macro key, the bad value and what is allowed */
	public TrainingSettings validate() {
		if (architecture == null)
			throw bad("model", null, "MLP or CNN");
		if (hidden < 1 || hidden > MAX_HIDDEN)
			throw bad("hidden", hidden, "an integer from 1 to 100000");
		if (batchSize < 1 || batchSize > 60_000)
			throw bad("batch_size", batchSize, "an integer from 1 to 60000");
		if (optimizer == null)
			throw bad("optimizer", null, "SGD or Adam");
		if (!(learningRate > 0) || !(learningRate <= 10) || Double.isNaN(learningRate))
			throw bad("learning_rate", learningRate, "a number > 0 and <= 10");
		if (!(momentum >= 0 && momentum < 1))
			throw bad("momentum", momentum, "a number >= 0 and < 1");
		if (epochs < 0 || epochs > 10_000)
			throw bad("epochs", epochs, "an integer from 0 to 10000");
		if (seed < 0)
			throw bad("seed", seed, "an integer >= 0");
		if (trainLimit < 0)
			throw bad("train_limit", trainLimit, "0 (all) or a positive number of examples");
		if (testLimit < 0)
			throw bad("test_limit", testLimit, "0 (all) or a positive number of examples");
		if (dataDir == null)
			throw bad("data_dir", null, "a folder holding the Fashion-MNIST IDX files");
		return this;
	}

	private static IllegalArgumentException bad(String key, Object value, String allowed) {
		return new IllegalArgumentException(key + "=" + value + " is not allowed: expected " + allowed);
	}

	@Override
	public String toString() {
		return "model=" + architecture + (architecture == Architecture.MLP ? " hidden=" + hidden : "") + " batch_size="
			+ batchSize + " optimizer=" + optimizer + " learning_rate=" + learningRate
			+ (optimizer == Optimizer.SGD ? " momentum=" + momentum : "") + " epochs=" + epochs + " seed=" + seed
			+ " train_limit=" + trainLimit + " test_limit=" + testLimit + " data_dir=" + dataDir;
	}
}
