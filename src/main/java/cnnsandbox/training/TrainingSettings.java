package cnnsandbox.training;

import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerList;
import cnnsandbox.data.Dataset;
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
	/** The layer list of {@link Architecture#CUSTOM} (ignored by the presets), parsed once where the text enters. */
	public List<LayerSpec> layers = List.of();
	public int batchSize = 250;
	public Optimizer optimizer = Optimizer.SGD;
	public double learningRate = 0.01;
	/** SGD momentum (ignored by Adam). */
	public double momentum = 0.5;
	public int epochs = 10;
	public long seed = 1;
	/** The data keys: input size, held-out fraction, limits (checked, and applied, by {@link Dataset}). */
	public final Dataset.Options data = new Dataset.Options();
	public Path dataDir = FashionMnist.DEFAULT_DIR;
	/** data_dir, or an open stack whose slice labels name the classes. */
	public DataSource dataSource = DataSource.FOLDER;
	/** validation_fraction, patience, keep. */
	public final ValidationOptions validation = new ValidationOptions();
	/** initial_model, freeze, checkpoint_every. */
	public final ResumeOptions resume = new ResumeOptions();
	/** Training images transformed on the fly (none: as they are). */
	public Augmentation augmentation = Augmentation.NONE;
	/** The learning rate per epoch (constant: learningRate throughout). */
	public LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;
	/** Weights of the classes in the loss (none: the plain mean). */
	public ClassWeights classWeights = ClassWeights.NONE;

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
		c.dataDir = dataDir;
		c.dataSource = dataSource;
		c.data.inputSize = data.inputSize;
		c.data.testFraction = data.testFraction;
		c.data.trainLimit = data.trainLimit;
		c.data.testLimit = data.testLimit;
		c.data.channels = data.channels;
		validation.copyTo(c.validation);
		resume.copyTo(c.resume);
		c.augmentation = augmentation;
		c.schedule = schedule;
		c.classWeights = classWeights;
		return c;
	}

	/** @throws IllegalArgumentException naming the macro key, the bad value and what is allowed (see {@link Options}) */
	public TrainingSettings validate() {
		if (architecture == null) throw Options.bad("model", "one of " + Options.labels(Architecture.class), null);
		Options.between("hidden", hidden, 1, MAX_HIDDEN);
		if (architecture == Architecture.CUSTOM) {
			if (layers == null || layers.isEmpty()) // the syntax was checked where the text was parsed; the shapes once the data's image size is known
				throw Options.bad("layers", "a layer list such as [conv 32 3, relu, maxpool 2, dense 10] for model=Custom", "");
		}
		Options.between("batch_size", batchSize, 1, 60_000);
		if (optimizer == null) throw Options.bad("optimizer", "one of " + Options.labels(Optimizer.class), null);
		Options.positiveAtMost("learning_rate", learningRate, 10);
		Options.unitInterval("momentum", momentum);
		Options.between("epochs", epochs, 0, 10_000);
		Options.atLeast("seed", seed, 0);
		data.validate();
		if (dataSource == null) throw Options.bad("data_source", "one of " + Options.labels(DataSource.class), null);
		if (dataDir == null && dataSource == DataSource.FOLDER) throw Options.bad("data_dir", "a folder of IDX files or of class folders of images", null);
		validation.validate();
		resume.validate();
		if (augmentation == null) throw Options.bad("augment", "a list such as [flip_h, shift 2], or none", null);
		if (schedule == null) throw Options.bad("schedule", "constant, step N F, cosine or plateau N F", null);
		if (classWeights == null) throw Options.bad("class_weights", "one of " + Options.labels(ClassWeights.class), null);
		return this;
	}

	/**
	 * The network these settings describe, checked for images of rows x cols in {@code classes} classes: the
	 * preset's list, or the custom list.
	 *
	 * @throws IllegalArgumentException one line naming the bad layer
	 */
	public LayerList network(int rows, int cols, int classes) {
		return network(1, rows, cols, classes);
	}

	/** As {@link #network(int, int, int)} on images of {@code channels} channels. */
	public LayerList network(int channels, int rows, int cols, int classes) {
		List<LayerSpec> specs = architecture == Architecture.CUSTOM ? layers : LayerList.preset(architecture, hidden, classes);
		return LayerList.of(specs, channels, rows, cols, classes);
	}

	@Override
	public String toString() {
		// with initial_model the model file's layers are trained, not model/hidden/layers: the line leaves them out
		String network = resume.initialModel != null ? "" : "model=" + architecture.label() + (architecture == Architecture.MLP
			? " hidden=" + hidden : "") + (architecture == Architecture.CUSTOM ? " layers=[" + LayerSpec.toText(layers) + "]" : "") + " ";
		return network + "batch_size="
			+ batchSize + " optimizer=" + optimizer.label() + " learning_rate=" + learningRate
			+ (optimizer == Optimizer.SGD ? " momentum=" + momentum : "") + " epochs=" + epochs + " seed=" + seed
			+ " train_limit=" + data.trainLimit + " test_limit=" + data.testLimit
			+ (dataSource == DataSource.IMAGE ? " data_source=image" : " data_dir=" + dataDir)
			+ (data.inputSize > 0 ? " input_size=" + data.inputSize : "") + " test_fraction=" + data.testFraction
			+ (data.channels != cnnsandbox.data.ChannelMode.GREY ? " channels=" + data.channels.label() : "")
			+ validation + resume
			+ (augmentation.isNone() ? "" : " augment=" + augmentation) // the defaults' line as before
			+ (schedule.kind == LearningRateSchedule.Kind.CONSTANT ? "" : " schedule=" + (schedule.epochs > 0 ? "[" + schedule + "]" : schedule))
			+ (classWeights == ClassWeights.NONE ? "" : " class_weights=" + classWeights.label());
	}
}
