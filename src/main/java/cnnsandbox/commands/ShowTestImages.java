package cnnsandbox.commands;

import java.io.File;
import java.io.IOException;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Classifier;
import cnnsandbox.options.Options;
import cnnsandbox.outputs.TestImageStacks;
import ij.ImagePlus;

/**
 * Show Test Images (the workshop's display_classified_images): the test images of one class that a model assigns to
 * another, e.g. T-shirts taken for shirts, as a labelled stack.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Show Test Images", headless = true, label = "Show Test Images")
public class ShowTestImages extends SandboxCommand {

	@Parameter(label = "model_file", style = "open", persist = false)
	private File model_file;

	@Parameter(label = "true_class", description = "class index 0-9 or name")
	private String true_class = "0";

	@Parameter(label = "predicted_class", description = "class index 0-9 or name")
	private String predicted_class = "6";

	@Parameter(label = "max_images")
	private int max_images = 100;

	@Parameter(label = "test_limit", description = "first N test images; 0 = all 10000")
	private int test_limit = 0;

	@Parameter(label = "data_dir", style = "directory")
	private File data_dir = FashionMnist.DEFAULT_DIR.toFile();

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
		LabeledImages test;
		try {
			test = FashionMnist.load(data_dir.toPath(), false, test_limit);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
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
