package cnnsandbox.commands;

import java.io.File;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.log.LogService;
import org.scijava.module.DefaultMutableModuleItem;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.classify.InputFitter;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.LayerOutput;
import cnnsandbox.options.Options;
import cnnsandbox.outputs.ActivationOutputs;
import ij.ImagePlus;
import ij.process.FloatProcessor;
import net.imglib2.RandomAccessibleInterval;

/**
 * Show Activations: the feature maps of every layer of a model for one input image, one labelled stack per layer
 * (a conv layer's channels, a pooling layer's pooled maps, a dense layer's units as one row), each on its own
 * display range. The input is prepared as Classify Image prepares it. A model has as many layers as its list, so
 * the outputs are added when the command runs, one per layer, named {@code Activations <layer> <name>}.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Show Activations", headless = true, label = "Show Activations",
	description = "Shows what each layer of a model computes from the active image")
public class ShowActivations extends DynamicCommand {

	@Parameter
	private LogService log;

	@Parameter
	private HostService host;

	@Parameter(label = "input", persist = false, description = "a 2-D image (8/16/32-bit or RGB); a stack's slice 'slice'")
	private RandomAccessibleInterval<?> input;

	@Parameter(label = "model_file", style = "open", persist = false, description = "a model saved by Train Fashion Classifier")
	private File model_file;

	@Parameter(label = "slice", description = "which slice of a stack (1 = the first)")
	private int slice = 1;

	@Parameter(label = "invert", choices = { "auto", "yes", "no" },
		description = "auto: invert when the background (border) is light")
	private String invert = "auto";

	@Parameter(label = "Prepared Input", type = ItemIO.OUTPUT)
	private ImagePlus prepared_input;

	@Override
	public void run() {
		InputFitter.Invert mode = Options.choice("invert", invert, InputFitter.Invert.class);
		Classifier model = ModelFiles.load(model_file);
		int rows = model.inputRows(), cols = model.inputCols(), channels = model.inputChannels();
		float[] image;
		if (channels == 1) {
			Planes planes = Planes.readLuminance(input);
			Options.between("slice", slice, 1, planes.planes.size());
			double[] v = planes.planes.get(slice - 1);
			InputScaling.of(input).apply(v);
			image = new InputFitter(rows, cols, mode).fit(v, planes.width, planes.height, null);
		} else { // slice = the image (hyperstack position, RGB slice) of the model's channels
			ChannelInput in = ChannelInput.read(input, host.hyperstackDimensions(input), channels);
			Options.between("slice", slice, 1, in.images.size());
			image = new InputFitter(rows, cols, mode).fitChannels(in.images.get(slice - 1), channels, in.width, in.height, null, null);
		}
		model.inputPreparation().apply(image);
		boolean pixelUnits = model.inputPreparation().isIdentity(); // else an imported model's own input units
		prepared_input = channels == 1 ? new ImagePlus("Prepared Input", new FloatProcessor(cols, rows, image))
			: cnnsandbox.outputs.ChannelImages.of("Prepared Input", image, 1, channels, rows, cols, null, 0, 1);
		if (pixelUnits) prepared_input.setDisplayRange(0, 1);
		else prepared_input.resetDisplayRange();

		List<LayerOutput> outputs = model.layerOutputs(image);
		for (LayerOutput o : outputs) {
			String name = String.format("layer_%02d", o.index + 1);
			DefaultMutableModuleItem<ImagePlus> item = new DefaultMutableModuleItem<>(this, name, ImagePlus.class);
			item.setIOType(ItemIO.OUTPUT);
			String title = String.format("Activations %02d %s", o.index + 1, o.spec.hasParameters() ? o.name : o.spec.kind.word);
			item.setLabel(title);
			addOutput(item);
			setOutput(name, ActivationOutputs.stack(o, title));
		}
		LayerOutput last = outputs.get(outputs.size() - 1);
		log.info("Show Activations: " + outputs.size() + " layers of [" + model.layers().text() + "] for a " + cols + " x " + rows
			+ " input; the last layer's scores: " + top(last.values, model.classNames()));
	}

	private static String top(float[] scores, List<String> names) {
		int best = 0;
		for (int c = 1; c < scores.length; c++)
			if (scores[c] > scores[best]) best = c;
		return "highest " + names.get(best) + " (" + String.format("%.3f", scores[best]) + ")";
	}
}
