package cnnsandbox.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.data.DataSource;
import cnnsandbox.data.Dataset;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerSpec;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.EpochRecord;
import cnnsandbox.training.Keep;
import cnnsandbox.files.TempFiles;
import cnnsandbox.training.Augmentation;
import cnnsandbox.training.ClassWeights;
import cnnsandbox.training.LearningRateSchedule;
import cnnsandbox.modelfile.ModelFile;
import cnnsandbox.training.Optimizer;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingListener;
import cnnsandbox.training.TrainingResult;
import cnnsandbox.training.TrainingSettings;
import cnnsandbox.options.Options;
import cnnsandbox.outputs.ConfusionHeatmap;
import cnnsandbox.outputs.TestImageStacks;
import cnnsandbox.outputs.TrainingOutputs;
import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import net.imglib2.RandomAccessibleInterval;

/**
 * Train Fashion Classifier: the workshop's TwoFullNet (MLP) or FashionSimpleNet (CNN), or any feed-forward network
 * given as a layer list (Custom), on Fashion-MNIST or any labelled images, with the workshop's hyper-parameters by
 * default; per-epoch test loss and accuracy, confusion matrix, misclassified examples, and a model file that the other
 * commands read.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Train Fashion Classifier", headless = true,
	label = "Train Fashion Classifier",
	description = "Trains an image classifier (a small neural network) on Fashion-MNIST or on your own labelled images")
public class TrainFashionClassifier extends SandboxCommand {

	/** How many misclassified test images the output stack shows at most. */
	static final int MAX_MISCLASSIFIED = 100;

	/** The defaults of every key below (one place: the engine's settings). */
	private static final TrainingSettings DEFAULTS = new TrainingSettings();
	/** The layers key's default: the example, FashionSimpleNet written out. */
	static final String CUSTOM_EXAMPLE = "conv 32 3, relu, maxpool 2, conv 64 3, relu, maxpool 2, dropout 0.5, dense 128, relu, dense 10";

	@Parameter(label = "model", choices = { "MLP", "CNN", "Custom" },
		description = "MLP: 2 dense layers (fast); CNN: convolutional (slower, more accurate); Custom: the layers list")
	private String model = DEFAULTS.architecture.label();

	@Parameter(label = "hidden", description = "MLP hidden units")
	private int hidden = DEFAULTS.hidden;

	@Parameter(label = "layers", required = false,
		description = "model=Custom: conv C K [stride S] [pad P], maxpool S, avgpool S, globalavgpool, relu, tanh, sigmoid, dropout P, dense N; ends with dense <classes>")
	private String layers = CUSTOM_EXAMPLE;

	@Parameter(label = "epochs", description = "passes over the training images")
	private int epochs = DEFAULTS.epochs;

	@Parameter(label = "batch_size", description = "images per training step")
	private int batch_size = DEFAULTS.batchSize;

	@Parameter(label = "optimizer", choices = { "SGD", "Adam" }, description = "SGD: the workshop's; Adam: often better in few epochs (learning_rate 0.001)")
	private String optimizer = DEFAULTS.optimizer.label();

	@Parameter(label = "learning_rate", description = "step size of each update")
	private double learning_rate = DEFAULTS.learningRate;

	@Parameter(label = "momentum", description = "SGD only (classical momentum, as PyTorch)")
	private double momentum = DEFAULTS.momentum;

	@Parameter(label = "seed", persist = false, description = "same seed, same result")
	private long seed = DEFAULTS.seed;

	@Parameter(label = "train_limit", description = "first N training images; 0 = all")
	private int train_limit = DEFAULTS.data.trainLimit;

	@Parameter(label = "test_limit", description = "first N test images; 0 = all")
	private int test_limit = DEFAULTS.data.testLimit;

	@Parameter(label = "data_dir", style = "directory",
		description = "IDX files (Fashion-MNIST, MNIST...) or one sub-folder of images per class")
	private File data_dir = DEFAULTS.dataDir.toFile();

	@Parameter(label = "data_source", choices = { "folder", "image" },
		description = "folder: data_dir; image: the active stack, whose slice labels name the classes")
	private String data_source = DEFAULTS.dataSource.label();

	@Parameter(label = "input", required = false, persist = false, description = "data_source=image: the labelled stack")
	private RandomAccessibleInterval<?> input;

	@Parameter(label = "input_size", description = "images are fitted to input_size x input_size; 0 = the data's own size")
	private int input_size = DEFAULTS.data.inputSize;

	@Parameter(label = "channels", choices = { "grey", "color" },
		description = "grey: RGB images as their luminance; color: as 3 channels R, G, B. Multi-channel TIFFs and hyperstacks train as their C channels")
	private String channels = DEFAULTS.data.channels.label();

	@Parameter(label = "test_fraction", description = "held out for testing (per class, seeded) when the data has no test split")
	private double test_fraction = DEFAULTS.data.testFraction;

	@Parameter(label = "validation_fraction", description = "held out of the training images (per class, seeded) to watch for overfitting; 0 = none")
	private double validation_fraction = DEFAULTS.validation.fraction;

	@Parameter(label = "patience", description = "stop when the validation loss has not improved for N epochs; 0 = train all epochs")
	private int patience = DEFAULTS.validation.patience;

	@Parameter(label = "keep", choices = { "last", "best" }, description = "the weights saved: the last epoch's, or the best validation epoch's")
	private String keep = DEFAULTS.validation.keep.label();

	@Parameter(label = "initial_model", style = "open", required = false, persist = false,
		description = "start from this model file: same classes continue its training, other classes replace its last layer")
	private File initial_model;

	// freeze and checkpoint_every go with initial_model and model_file, which are not remembered either: a remembered
	// freeze=conv2 would refuse the next MLP, a remembered checkpoint_every the next run without model_file
	@Parameter(label = "freeze", required = false, persist = false, description = "the last layer kept fixed (conv2, fc1...); empty = train all")
	private String freeze = DEFAULTS.resume.freeze;

	@Parameter(label = "checkpoint_every", persist = false, description = "write model_file every N epochs (resume with initial_model); 0 = at the end only")
	private int checkpoint_every = DEFAULTS.resume.checkpointEvery;
	@Parameter(label = "augment", required = false,
		description = "training images transformed on the fly, per image per epoch: flip_h, flip_v, shift N, rotate D, noise S, brightness B; none = as they are")
	private String augment = DEFAULTS.augmentation.toString();

	@Parameter(label = "schedule", required = false,
		description = "learning rate per epoch: constant, step N F (x F every N epochs), cosine, plateau N F (x F after N epochs without a lower validation, else training, loss)")
	private String schedule = DEFAULTS.schedule.toString();

	@Parameter(label = "class_weights", choices = { "none", "balanced" },
		description = "balanced: each class weighs in the loss inversely to its number of training images (imbalanced data)")
	private String class_weights = DEFAULTS.classWeights.label();

	@Parameter(label = "model_file", style = "save", required = false, persist = false,
		description = "where to save the trained model (" + ModelFile.EXTENSION + "); empty = do not save")
	private File model_file;

	@Parameter
	private SavedFiles savedFiles;

	@Parameter(label = "Training Log", type = ItemIO.OUTPUT)
	private ResultsTable training_log;

	@Parameter(label = "Confusion Matrix", type = ItemIO.OUTPUT)
	private ResultsTable confusion_matrix;

	@Parameter(label = "Confusion Heatmap", type = ItemIO.OUTPUT)
	private ImagePlus confusion_heatmap;

	@Parameter(label = "Misclassified", type = ItemIO.OUTPUT)
	private ImagePlus misclassified;

	@Parameter(label = "Training Plot", type = ItemIO.OUTPUT)
	private Plot training_plot;

	@Override
	public void run() {
		TrainingSettings s = settings();
		log.info(s.toString());
		Classifier initial = initialModel(s);
		host.showLivePlot(TrainingOutputs.plot(List.of())); // the previous run's curves go at once, not at epoch 1
		Dataset.Split data = s.dataSource == DataSource.IMAGE ? TrainingData.fromImage(input, input == null ? null
			: host.sliceLabels(input), input == null ? null : host.hyperstackDimensions(input), s) : TrainingData.load(s);
		log.info(data.description);
		LabeledImages train = data.train, test = data.test;
		// the thread count depends on the network, whose input size is the data's
		log.info("Train Fashion Classifier on " + OnceLines.backend(Trainer.backendFor(initial != null ? initial.layers()
			: s.network(train.channels, train.rows, train.cols, train.classes()), s.batchSize)));
		TrainingResult result = runStoppable("Training", "no model was written",
			() -> new Trainer().train(s, train, test, initial, progress(s), stopRequested()));
		if (result == null) return;
		if (result.stoppedAtEpoch >= 0)
			log.warn("Training stopped at epoch " + result.stoppedAtEpoch + " of " + s.epochs + ": the model and outputs are those of epoch "
				+ result.stoppedAtEpoch + " (the model file notes it)");
		if (result.stoppedEarly != null) log.info("Training: " + result.stoppedEarly);
		if (s.validation.keep == Keep.BEST)
			log.info("keep=best: the model and outputs are those of epoch " + result.keptEpoch + " (the lowest validation loss), test accuracy "
				+ String.format(java.util.Locale.ROOT, "%.4f", result.kept().testAccuracy));
		nearChanceHint(s, result.kept().testAccuracy, result.classifier.classNames().size());
		List<String> names = result.classifier.classNames();
		training_log = TrainingOutputs.trainingLog(result.epochs, result.keptEpoch);
		confusion_matrix = TrainingOutputs.confusionTable(result.confusion, names);
		confusion_heatmap = ConfusionHeatmap.image(result.confusion, names, "Confusion Heatmap");
		misclassified = TestImageStacks.misclassified(test, result.testPredictions, names, MAX_MISCLASSIFIED);
		training_plot = TrainingOutputs.plot(result.epochs);
		if (model_file != null && !model_file.getPath().isEmpty()) { // last: the model and the outputs are one set
			try {
				Path saved = savedFiles.save(model_file.toPath(), "model_file", out -> ModelFile.write(result.classifier, out));
				log.info((saved.equals(model_file.toPath()) ? "Saved the model to " : "Saved the model through the link "
					+ model_file + " to ") + saved);
			}
			catch (IOException e) {
				throw new IllegalArgumentException("could not save the model to " + model_file + ": " + e.getMessage(), e);
			}
		}
	}

	/** A model no better than guessing is worth a word on what to change, not only a number. */
	private void nearChanceHint(TrainingSettings s, double accuracy, int classes) {
		double chance = 1.0 / Math.max(1, classes);
		if (accuracy >= Math.min(0.9, 2.5 * chance)) return;
		log.warn(String.format("test accuracy %.0f %% is near chance (%.0f %% for %d classes): train for more epochs, or try optimizer=Adam "
			+ "with learning_rate=0.001%s", 100 * accuracy, 100 * chance, classes, s.optimizer == Optimizer.ADAM ? " (already Adam: try a learning_rate 3x lower or higher)" : ""));
	}

	private TrainingSettings settings() {
		TrainingSettings s = new TrainingSettings(Options.choice("model", model, Architecture.class));
		s.hidden = hidden;
		if (s.architecture == Architecture.CUSTOM)
			s.layers = LayerSpec.parseList(layers); // the one parse of the text: "layers: ..." names the bad layer
		s.epochs = epochs;
		s.batchSize = batch_size;
		s.optimizer = Options.choice("optimizer", optimizer, Optimizer.class);
		s.learningRate = learning_rate;
		s.momentum = momentum;
		s.seed = seed;
		s.data.trainLimit = train_limit;
		s.data.testLimit = test_limit;
		s.dataDir = data_dir == null ? null : data_dir.toPath();
		s.dataSource = Options.choice("data_source", data_source, DataSource.class);
		s.data.inputSize = input_size;
		s.data.testFraction = test_fraction;
		s.data.channels = Options.choice("channels", channels, cnnsandbox.data.ChannelMode.class);
		s.validation.fraction = validation_fraction;
		s.validation.patience = patience;
		s.validation.keep = Options.choice("keep", keep, Keep.class);
		s.resume.initialModel = initial_model == null || initial_model.getPath().isEmpty() ? null : initial_model.toPath();
		s.resume.freeze = freeze == null ? "" : freeze;
		s.resume.checkpointEvery = checkpoint_every;
		s.augmentation = Augmentation.parse(augment); // "augment: ..." names the bad step
		s.schedule = LearningRateSchedule.parse(schedule);
		s.classWeights = Options.choice("class_weights", class_weights, ClassWeights.class);
		s.validate();
		if (s.resume.checkpointEvery > 0 && (model_file == null || model_file.getPath().isEmpty()))
			throw new IllegalArgumentException("checkpoint_every=" + s.resume.checkpointEvery + " needs model_file: the file the "
				+ "checkpoints are written to (and the final model)");
		if (model_file != null && !model_file.getPath().isEmpty()) {
			try {
				ModelFile.checkSaveTarget(model_file.toPath()); // before training, not after an hour of it
			}
			catch (IOException e) {
				throw new IllegalArgumentException(e.getMessage(), e);
			}
		}
		return s;
	}

	/** initial_model, read before the data: a wrong file is refused at once. */
	private static Classifier initialModel(TrainingSettings s) {
		if (s.resume.initialModel == null) return null;
		try {
			return ModelFile.load(s.resume.initialModel);
		}
		catch (IOException e) {
			throw new IllegalArgumentException("initial_model: " + e.getMessage(), e);
		}
	}

	/**
	 * The log's line for an epoch: the workshop's, validation's if any, then the rate it trained at (4 digits, 0.005
	 * not 5.000e-03).
	 */
	static String epochLine(EpochRecord record, int epochs) {
		return "Epoch " + record.epoch + "/" + epochs + ": " + record.workshopLine() + record.validationLine()
			+ (record.epoch == 0 || Double.isNaN(record.learningRate) ? ""
			: ", learning rate " + new java.math.BigDecimal(record.learningRate).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString());
	}

	/** Status bar: epoch, batch, and the time left extrapolated from the batches done so far. */
	private TrainingListener progress(TrainingSettings s) {
		List<EpochRecord> epochsSoFar = new ArrayList<>();
		TimeLeft clock = new TimeLeft();
		return new TrainingListener() {
			@Override
			public void batch(int epoch, int batch, int batchesPerEpoch) {
				long done = (long) (epoch - 1) * batchesPerEpoch + batch, total = (long) s.epochs * batchesPerEpoch;
				status.showStatus((int) done, (int) total, String.format("Training %s: epoch %d/%d, batch %d/%d%s",
					s.architecture.label(), epoch, s.epochs, batch, batchesPerEpoch, clock.after(done, total)));
			}

			@Override
			public void epochEnd(EpochRecord record) {
				log.info(epochLine(record, s.epochs));
				epochsSoFar.add(record);
				host.showLivePlot(TrainingOutputs.plot(epochsSoFar)); // in the GUI, the plot grows epoch by epoch
			}

			@Override
			public void info(String line) {
				log.info(line);
			}

			@Override
			public void checkpoint(Classifier model) {
				int epoch = model.epochLog().get(model.epochLog().size() - 1).epoch;
				try { // all-or-nothing at once, even when the run's outputs are written as one set at the end
					Path target = TempFiles.target(model_file.toPath()), dir = target.toAbsolutePath().getParent();
					if (dir != null) java.nio.file.Files.createDirectories(dir);
					TempFiles.write(target, out -> ModelFile.write(model, out));
					log.info("Checkpoint after epoch " + epoch + " written to " + target);
				}
				catch (IOException e) {
					throw new IllegalArgumentException("could not write the checkpoint to " + model_file + ": " + e.getMessage(), e);
				}
			}
		};
	}
}
