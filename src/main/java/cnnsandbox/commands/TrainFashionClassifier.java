package cnnsandbox.commands;

import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.ij1.LivePlot;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.ConfusionMatrix;
import cnnsandbox.model.EpochRecord;
import cnnsandbox.model.ModelFile;
import cnnsandbox.model.Optimizer;
import cnnsandbox.model.Trainer;
import cnnsandbox.model.TrainingListener;
import cnnsandbox.model.TrainingResult;
import cnnsandbox.model.TrainingSettings;
import ij.IJ;
import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Train Fashion Classifier: the workshop's TwoFullNet (MLP) or FashionSimpleNet (CNN) on Fashion-MNIST, with its
 * hyper-parameters by default; per-epoch test loss and accuracy, confusion matrix, misclassified examples, and a
 * model file that Classify Image and Visualize Neuron read.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Train Fashion Classifier", headless = true,
	label = "Train Fashion Classifier")
public class TrainFashionClassifier extends ContextCommand {

	/** How many misclassified test images the output stack shows at most. */
	static final int MAX_MISCLASSIFIED = 100;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private PrefService prefs;

	@Parameter
	private StatusService status;

	@Parameter(label = "model", choices = { "MLP", "CNN" }, description = "MLP: workshop TwoFullNet; CNN: FashionSimpleNet")
	private String model = "MLP";

	@Parameter(label = "hidden", description = "MLP hidden units")
	private int hidden = 100;

	@Parameter(label = "epochs")
	private int epochs = 10;

	@Parameter(label = "batch_size")
	private int batch_size = 250;

	@Parameter(label = "optimizer", choices = { "SGD", "Adam" })
	private String optimizer = "SGD";

	@Parameter(label = "learning_rate")
	private double learning_rate = 0.01;

	@Parameter(label = "momentum", description = "SGD only (classical momentum, as PyTorch)")
	private double momentum = 0.5;

	@Parameter(label = "seed", persist = false)
	private long seed = 1;

	@Parameter(label = "train_limit", description = "first N training images; 0 = all 60000")
	private int train_limit = 0;

	@Parameter(label = "test_limit", description = "first N test images; 0 = all 10000")
	private int test_limit = 0;

	@Parameter(label = "data_dir", style = "directory", description = "folder with the Fashion-MNIST IDX files")
	private File data_dir = FashionMnist.DEFAULT_DIR.toFile();

	@Parameter(label = "model_file", style = "save", required = false, persist = false,
		description = "where to save the trained model (" + ModelFile.EXTENSION + "); empty = do not save")
	private File model_file;

	@Parameter(label = "Training Log", type = ItemIO.OUTPUT)
	private ResultsTable training_log;

	@Parameter(label = "Confusion Matrix", type = ItemIO.OUTPUT)
	private ResultsTable confusion_matrix;

	@Parameter(label = "Confusion Heatmap", type = ItemIO.OUTPUT)
	private Img<FloatType> confusion_heatmap;

	@Parameter(label = "Misclassified", type = ItemIO.OUTPUT)
	private ImagePlus misclassified;

	@Parameter(label = "Training Plot", type = ItemIO.OUTPUT)
	private Plot training_plot;

	@Override
	public void run() {
		CnnSandboxOptions.apply(prefs);
		TrainingSettings s = settings();
		log.info("Train Fashion Classifier on " + Trainer.backendFor(s.architecture, false));
		log.info(s.toString());
		LabeledImages train, test;
		try {
			train = FashionMnist.load(s.dataDir, true, s.trainLimit);
			test = FashionMnist.load(s.dataDir, false, s.testLimit);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
		TrainingResult result;
		long start = System.nanoTime();
		try {
			result = new Trainer().train(s, train, test, progress(s, start), () -> isCanceled() || IJ.escapePressed());
		}
		catch (CancellationException e) {
			cancel("Training was cancelled: no model was written");
			return;
		}
		finally {
			status.clearStatus();
		}
		if (model_file != null && !model_file.getPath().isEmpty()) {
			try {
				ModelFile.save(result.classifier, model_file.toPath());
				log.info("Saved the model to " + model_file);
			}
			catch (IOException e) {
				throw new IllegalArgumentException("could not save the model to " + model_file + ": " + e.getMessage(), e);
			}
		}
		List<String> names = result.classifier.classNames();
		training_log = trainingLog(result.epochs);
		confusion_matrix = confusionTable(result.confusion, names);
		confusion_heatmap = heatmap(result.confusion);
		misclassified = TestImageStacks.misclassified(test, result.testPredictions, names, MAX_MISCLASSIFIED);
		training_plot = plot(result.epochs);
	}

	private TrainingSettings settings() {
		TrainingSettings s = new TrainingSettings(Architecture.parse(model));
		s.hidden = hidden;
		s.epochs = epochs;
		s.batchSize = batch_size;
		s.optimizer = Optimizer.parse(optimizer);
		s.learningRate = learning_rate;
		s.momentum = momentum;
		s.seed = seed;
		s.trainLimit = train_limit;
		s.testLimit = test_limit;
		if (data_dir == null) throw new IllegalArgumentException("data_dir is missing: give the folder of the Fashion-MNIST IDX files");
		s.dataDir = data_dir.toPath();
		return s.validate();
	}

	/** Status bar: epoch, batch, and the time left extrapolated from the batches done so far. */
	private TrainingListener progress(TrainingSettings s, long start) {
		LivePlot live = new LivePlot();
		List<EpochRecord> epochsSoFar = new java.util.ArrayList<>();
		return new TrainingListener() {
			@Override
			public void batch(int epoch, int batch, int batchesPerEpoch) {
				long done = (long) (epoch - 1) * batchesPerEpoch + batch, total = (long) s.epochs * batchesPerEpoch;
				double elapsed = (System.nanoTime() - start) / 1e9;
				long left = Math.round(elapsed / done * (total - done));
				status.showStatus((int) done, (int) total, String.format("Training %s: epoch %d/%d, batch %d/%d, ~%d s left",
					s.architecture, epoch, s.epochs, batch, batchesPerEpoch, left));
			}

			@Override
			public void epochEnd(EpochRecord record) {
				log.info(record.workshopLine());
				epochsSoFar.add(record);
				live.show(plot(epochsSoFar)); // in the GUI, the plot grows epoch by epoch
			}
		};
	}

	static ResultsTable trainingLog(List<EpochRecord> epochs) {
		ResultsTable t = new ResultsTable();
		t.showRowNumbers(false);
		for (EpochRecord r : epochs) {
			t.incrementCounter();
			t.addValue("epoch", r.epoch);
			t.addValue("seconds", r.seconds);
			t.addValue("train_loss", r.trainLoss);
			t.addValue("test_loss", r.testLoss);
			t.addValue("test_accuracy", r.testAccuracy);
			t.addValue("correct", r.correct);
		}
		t.setDecimalPlaces(t.getColumnIndex("test_accuracy"), 4);
		return t;
	}

	static ResultsTable confusionTable(ConfusionMatrix cm, List<String> names) {
		ResultsTable t = new ResultsTable();
		t.showRowNumbers(false);
		for (int i = 0; i < cm.classes(); i++) {
			t.incrementCounter();
			t.addValue("true_class", names.get(i));
			for (int j = 0; j < cm.classes(); j++) t.addValue(names.get(j), cm.counts[i][j]);
		}
		return t;
	}

	/** Counts as a 10 x 10 image (x = predicted, y = true), for a heat-map look-up table. */
	static Img<FloatType> heatmap(ConfusionMatrix cm) {
		int n = cm.classes();
		float[] v = new float[n * n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) v[i * n + j] = cm.counts[i][j];
		}
		return ArrayImgs.floats(v, n, n);
	}

	static Plot plot(List<EpochRecord> epochs) {
		double[] e = epochs.stream().mapToDouble(r -> r.epoch).toArray();
		double[] loss = epochs.stream().mapToDouble(r -> r.testLoss).toArray();
		double[] acc = epochs.stream().mapToDouble(r -> r.testAccuracy).toArray();
		Plot plot = new Plot("Training Plot", "epoch", "test loss (blue) / test accuracy (red)");
		plot.setLimits(0, Math.max(1, e[e.length - 1]), 0, Math.max(1, maxOf(loss) * 1.05));
		plot.setColor(Color.BLUE);
		plot.addPoints(e, loss, Plot.CONNECTED_CIRCLES);
		plot.setColor(Color.RED);
		plot.addPoints(e, acc, Plot.CONNECTED_CIRCLES);
		plot.setColor(Color.BLACK);
		plot.addLegend("test loss\ntest accuracy");
		return plot;
	}

	private static double maxOf(double[] v) {
		double m = 0;
		for (double x : v) if (Double.isFinite(x)) m = Math.max(m, x);
		return m;
	}
}
