package cnnsandbox.training;

import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.LayerSpec;

import java.nio.file.Path;
import java.util.List;

import cnnsandbox.data.DataSource;
import cnnsandbox.data.FashionMnist;
import cnnsandbox.options.Options;

/**
 * Settings of a training run, with the workshop's defaults (batch 250, SGD lr 0.01 momentum 0.5, 10 epochs, seed
 * 1). Mutable for convenience; {@link #validate()} checks it, naming the macro key of a bad value.
 */
public final class TrainingSettings {

	public Architecture architecture = Architecture.MLP;
	/** The most hidden units the MLP may have. */
	public static final int MAX_HIDDEN = 100_000;
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
	/** data_dir, or an open stack whose slice labels name the classes. */
	public DataSource dataSource = DataSource.FOLDER;
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
		c.dataSource = dataSource;
		c.inputSize = inputSize;
		c.testFraction = testFraction;
		return c;
	}

	/** @throws IllegalArgumentException naming the macro key, the bad value and what is allowed (see {@link Options}) */
	public TrainingSettings validate() {
		if (architecture == null) throw Options.bad("model", "one of " + Options.labels(Architecture.class), null);
		Options.between("hidden", hidden, 1, MAX_HIDDEN);
		if (architecture == Architecture.CUSTOM) {
			if (layers == null || layers.trim().isEmpty())
				throw Options.bad("layers", "a layer list such as [conv 32 3, relu, maxpool 2, dense 10] for model=Custom", layers);
			LayerSpec.parseList(layers); // the syntax now; the shapes once the data's image size is known
		}
		Options.between("batch_size", batchSize, 1, 60_000);
		if (optimizer == null) throw Options.bad("optimizer", "one of " + Options.labels(Optimizer.class), null);
		Options.positiveAtMost("learning_rate", learningRate, 10);
		Options.unitInterval("momentum", momentum);
		Options.between("epochs", epochs, 0, 10_000);
		Options.atLeast("seed", seed, 0);
		Options.atLeast("train_limit", trainLimit, 0);
		Options.atLeast("test_limit", testLimit, 0);
		Options.between("input_size", inputSize, 0, 1024);
		if (!(testFraction > 0 && testFraction < 1)) throw Options.bad("test_fraction", "a number > 0 and < 1", testFraction);
		if (dataSource == null) throw Options.bad("data_source", "one of " + Options.labels(DataSource.class), null);
		if (dataDir == null && dataSource == DataSource.FOLDER) throw Options.bad("data_dir", "a folder of IDX files or of class folders of images", null);
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

	@Override
	public String toString() {
		return "model=" + architecture.label() + (architecture == Architecture.MLP ? " hidden=" + hidden : "")
			+ (architecture == Architecture.CUSTOM ? " layers=[" + LayerSpec.toText(LayerSpec.parseList(layers)) + "]" : "") + " batch_size="
			+ batchSize + " optimizer=" + optimizer.label() + " learning_rate=" + learningRate
			+ (optimizer == Optimizer.SGD ? " momentum=" + momentum : "") + " epochs=" + epochs + " seed=" + seed
			+ " train_limit=" + trainLimit + " test_limit=" + testLimit
			+ (dataSource == DataSource.IMAGE ? " data_source=image" : " data_dir=" + dataDir)
			+ (inputSize > 0 ? " input_size=" + inputSize : "") + " test_fraction=" + testFraction;
	}
}
