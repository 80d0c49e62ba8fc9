package cnnsandbox.commands;

import java.io.File;
import java.util.List;

import org.nd4j.linalg.factory.Nd4j;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.training.Trainer;
import cnnsandbox.classify.InputFitter;
import cnnsandbox.training.Classifier;
import cnnsandbox.options.Options;
import cnnsandbox.outputs.ClassificationOutputs;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import net.imglib2.RandomAccessibleInterval;

/**
 * Classify Image: applies a model saved by Train Fashion Classifier to the active image or to every slice of a stack,
 * in one batched call. Each slice is fitted into the model's input (aspect ratio kept, background padded, inverted
 * when the object is dark on bright), and the prepared stack is returned so the user sees what the model saw.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Classify Image", headless = true, label = "Classify Image",
	description = "Classifies the active image or every slice of a stack with a trained model: a table of class probabilities")
public class ClassifyImage extends SandboxCommand {

	@Parameter(label = "input", persist = false, description = "a 2-D image or a stack (8/16/32-bit or RGB)")
	private RandomAccessibleInterval<?> input;

	@Parameter(label = "model_file", style = "open", persist = false, description = "a model saved by Train Fashion Classifier")
	private File model_file;

	@Parameter(label = "invert", choices = { "auto", "yes", "no" },
		description = "auto: invert when the background (border) is light")
	private String invert = "auto";

	@Parameter(label = "top_k", description = "also list the k most likely classes (1 = only the best)")
	private int top_k = 1;

	@Parameter(label = "Class Probabilities", type = ItemIO.OUTPUT)
	private ResultsTable class_probabilities;

	@Parameter(label = "Classified", type = ItemIO.OUTPUT)
	private ImagePlus classified;

	@Override
	public void run() {
		InputFitter.Invert mode = Options.choice("invert", invert, InputFitter.Invert.class);
		Classifier model = ModelFiles.load(model_file);
		List<String> names = model.classNames();
		Options.between("top_k", top_k, 1, names.size());
		int channels = model.inputChannels(), rows = model.inputRows(), cols = model.inputCols();
		// the slices, or for a C-channel model its images (a hyperstack's positions, RGB slices), as the model takes them
		status.showStatus("Classify Image: preparing the image");
		PreparedSlices slices = PreparedSlices.of(input, host.hyperstackDimensions(input), channels, rows, cols, mode)
			.preparedFor(model.inputPreparation());
		int n = slices.n;
		log.info("Classify Image on " + OnceLines.backend(Trainer.backendFor(model.layers(), Classifier.inferenceBatch(model.layers(), n)))
			+ "; model " + OnceLines.say("model", model.architecture() + " trained on " + model.trainedOn() + ", test accuracy "
				+ String.format("%.2f %%", 100 * model.finalAccuracy())));

		float[] batch = slices.pixels;
		boolean[] inverted = slices.inverted;
		status.showStatus("Classify Image: classifying " + n + " slice(s)");
		float[] probabilities = model.probabilities(Nd4j.create(batch, new long[] { n, channels, rows, cols }, 'c')).data().asFloat();
		status.clearStatus();

		class_probabilities = ClassificationOutputs.table(probabilities, names, inverted, top_k);
		List<String> labels = host.sliceLabels(input);
		if (labels != null && channels > 1 && labels.size() == (long) n * channels) // a hyperstack: one label per position
			labels = ChannelInput.positionLabels(labels, channels, false);
		int[] right = ClassificationOutputs.addTrueLabels(class_probabilities, labels, names);
		if (right[1] > 0)
			log.info(String.format("Classify Image: %d of %d labelled slices classified as their label says (accuracy %.1f %%)", right[0], right[1],
				100.0 * right[0] / right[1]));
		classified = ClassificationOutputs.preparedStack(batch, n, channels, rows, cols, class_probabilities);
	}
}
