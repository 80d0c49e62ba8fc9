package cnnsandbox.commands;

import java.io.File;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.data.DataSource;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.TrainingSettings;
import cnnsandbox.options.Options;
import cnnsandbox.outputs.TestImageStacks;
import ij.ImagePlus;

/**
 * Show Test Images (the workshop's display_classified_images): the test images of one class that a model assigns to
 * another, e.g. T-shirts taken for shirts, as a labelled stack.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Show Test Images", headless = true, label = "Show Test Images",
	description = "Shows the test images of one true class that the model classified as another class")
public class ShowTestImages extends SandboxCommand {

	@Parameter(label = "model_file", style = "open", persist = false, description = "a model saved by Train Fashion Classifier")
	private File model_file;

	@Parameter(label = "true_class", description = "class index (from 0) or name")
	private String true_class = "0";

	@Parameter(label = "predicted_class", description = "class index (from 0) or name")
	private String predicted_class = "6";

	@Parameter(label = "max_images", description = "show at most this many")
	private int max_images = 100;

	@Parameter(label = "test_limit", description = "first N test images; 0 = all")
	private int test_limit = 0;

	@Parameter(label = "data_dir", style = "directory", required = false, persist = false,
		description = "empty = the data the model was trained on")
	private File data_dir;

	@Parameter(label = "Test Images", type = ItemIO.OUTPUT)
	private ImagePlus test_images;

	@Parameter(label = "message", type = ItemIO.OUTPUT)
	private String message;

	@Override
	public void run() {
		Classifier model = ModelFiles.load(model_file);
		List<String> names = model.classNames();
		int truth = ClassChoice.parse("true_class", true_class, names);
		int predicted = ClassChoice.parse("predicted_class", predicted_class, names);
		Options.atLeast("max_images", max_images, 1);
		Options.atLeast("test_limit", test_limit, 0);
		TrainingSettings s = model.settings(); // the model's own data and split
		if (data_dir != null && !data_dir.getPath().isEmpty()) s.dataDir = data_dir.toPath();
		else if (s.dataSource == DataSource.IMAGE)
			throw Options.bad("data_dir", "a folder of test images for a model trained on an open image", "");
		s.dataSource = DataSource.FOLDER;
		s.data.testLimit = test_limit;
		s.data.inputSize = model.inputRows() == model.inputCols() ? model.inputRows() : 0;
		LabeledImages test = TrainingData.load(s).test;
		if (test.rows != model.inputRows() || test.cols != model.inputCols() || test.channels != model.inputChannels()
			|| test.classes() != names.size())
			throw new IllegalArgumentException("data_dir " + s.dataDir + " holds " + (test.channels > 1 ? test.channels + " x " : "")
				+ test.rows + " x " + test.cols + " images in " + test.classes() + " classes, but the model takes " + model.inputText()
				+ " in " + names.size());
		int[] predictions = model.predict(test.features(0, test.n));
		String pair = names.get(truth) + " classified as " + names.get(predicted);
		test_images = truth == predicted ? null
			: TestImageStacks.select(test, predictions, names, max_images, truth, predicted, "Test Images: " + pair);
		int shown = test_images == null ? 0 : test_images.getStackSize();
		message = truth == predicted ? "true_class and predicted_class are the same class: choose two different classes"
			: shown == 0 ? "No test image of " + pair + " (of " + test.n + " test images)."
			: shown + " test image(s) of " + pair + " (of " + test.n + " test images).";
		log.info(message);
	}
}
