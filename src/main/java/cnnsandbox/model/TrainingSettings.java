package cnnsandbox.model;

import java.nio.file.Path;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.options.Options;

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

	/** @throws IllegalArgumentException naming the macro key, the bad value and what is allowed (see {@link Options}) */
	public TrainingSettings validate() {
		if (architecture == null) throw Options.bad("model", "one of " + Options.labels(Architecture.class), null);
		Options.between("hidden", hidden, 1, MAX_HIDDEN);
		Options.between("batch_size", batchSize, 1, 60_000);
		if (optimizer == null) throw Options.bad("optimizer", "one of " + Options.labels(Optimizer.class), null);
		Options.positiveAtMost("learning_rate", learningRate, 10);
		Options.unitInterval("momentum", momentum);
		Options.between("epochs", epochs, 0, 10_000);
		Options.atLeast("seed", seed, 0);
		Options.atLeast("train_limit", trainLimit, 0);
		Options.atLeast("test_limit", testLimit, 0);
		if (dataDir == null) throw Options.bad("data_dir", "a folder holding the Fashion-MNIST IDX files", null);
		return this;
	}

	@Override
	public String toString() {
		return "model=" + architecture + (architecture == Architecture.MLP ? " hidden=" + hidden : "") + " batch_size="
			+ batchSize + " optimizer=" + optimizer.label() + " learning_rate=" + learningRate
			+ (optimizer == Optimizer.SGD ? " momentum=" + momentum : "") + " epochs=" + epochs + " seed=" + seed
			+ " train_limit=" + trainLimit + " test_limit=" + testLimit + " data_dir=" + dataDir;
	}
}
