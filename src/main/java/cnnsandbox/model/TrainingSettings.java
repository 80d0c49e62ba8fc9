package cnnsandbox.model;

import java.nio.file.Path;
import java.util.List;

import cnnsandbox.data.FashionMnist;

/**
 * Settings of a training run, with the workshop's defaults (batch 250, SGD lr 0.01 momentum 0.5, 10 epochs, seed
 * 1). Mutable for convenience; {@link #validate()} checks it, naming the macro key of a bad value.
 */
public final class TrainingSettings {

	public Architecture architecture = Architecture.MLP;
	/** Hidden units of the MLP (ignored by the CNN, whose dense layer has 128, and by custom lists). */
	public int hidden = 100;
	/** The layer list of {@link Architecture#CUSTOM} (ignored by the presets), as {@link LayerSpec#parseList} reads it. */
	public String layers = "";
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
	/** Input size (square) the images are fitted to; 0 = the data's own. */
	public int inputSize = 0;
	/** The held-out test fraction when the data has no test split. */
	public double testFraction = 0.2;

	public TrainingSettings() {}

	public TrainingSettings(Architecture architecture) {
		this.architecture = architecture;
	}

	public TrainingSettings copy() {
		TrainingSettings c = new TrainingSettings();
		c.architecture = architecture;
		c.hidden = hidden;
		c.layers = layers;
		c.batchSize = batchSize;
		c.optimizer = optimizer;
		c.learningRate = learningRate;
		c.momentum = momentum;
		c.epochs = epochs;
		c.seed = seed;
		c.trainLimit = trainLimit;
		c.testLimit = testLimit;
		c.dataDir = dataDir;
		c.inputSize = inputSize;
		c.testFraction = testFraction;
		return c;
	}

	/** @throws IllegalArgumentException naming the macro key, the bad value and what is allowed */
	public TrainingSettings validate() {
		if (architecture == null)
			throw bad("model", null, "MLP, CNN or Custom");
		if (hidden < 1 || hidden > 100_000)
			throw bad("hidden", hidden, "an integer from 1 to 100000");
		if (architecture == Architecture.CUSTOM) {
			if (layers == null || layers.trim().isEmpty())
				throw new IllegalArgumentException("layers: model=Custom needs a layer list, e.g. layers=[conv 32 3, relu, maxpool 2, dense 10]");
			LayerSpec.parseList(layers); // the syntax now; the shapes once the data's image size is known
		}
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
		if (inputSize < 0 || inputSize > 1024)
			throw bad("input_size", inputSize, "0 (the data's own size) or 1 to 1024");
		if (!(testFraction > 0 && testFraction < 1))
			throw bad("test_fraction", testFraction, "a number > 0 and < 1");
		if (dataDir == null)
			throw bad("data_dir", null, "a folder holding the Fashion-MNIST IDX files");
		return this;
	}

	/**
	 * The network these settings describe, checked for images of rows x cols in {@code classes} classes: the
	 * preset's list, or the custom list.
	 *
	 * @throws IllegalArgumentException one line naming the bad layer
	 */
	public LayerList network(int rows, int cols, int classes) {
		List<LayerSpec> specs = architecture == Architecture.CUSTOM ? LayerSpec.parseList(layers)
			: LayerList.preset(architecture, hidden, classes);
		return LayerList.of(specs, rows, cols, classes);
	}

	private static IllegalArgumentException bad(String key, Object value, String allowed) {
		return new IllegalArgumentException(key + "=" + value + " is not allowed: expected " + allowed);
	}

	@Override
	public String toString() {
		return "model=" + architecture + (architecture == Architecture.MLP ? " hidden=" + hidden : "")
			+ (architecture == Architecture.CUSTOM ? " layers=[" + LayerSpec.toText(LayerSpec.parseList(layers)) + "]" : "") + " batch_size="
			+ batchSize + " optimizer=" + optimizer + " learning_rate=" + learningRate
			+ (optimizer == Optimizer.SGD ? " momentum=" + momentum : "") + " epochs=" + epochs + " seed=" + seed
			+ " train_limit=" + trainLimit + " test_limit=" + testLimit + " data_dir=" + dataDir
			+ (inputSize > 0 ? " input_size=" + inputSize : "") + " test_fraction=" + testFraction;
	}
}
