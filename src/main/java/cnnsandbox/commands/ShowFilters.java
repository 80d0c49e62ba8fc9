package cnnsandbox.commands;

import cnnsandbox.engine.Shape;

import java.io.File;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.files.MemoryBudget;
import cnnsandbox.model.Architecture;
import cnnsandbox.training.Classifier;
import cnnsandbox.options.Options;
import cnnsandbox.outputs.FilterOutputs;
import ij.ImagePlus;

import cnnsandbox.model.LayerList;
import cnnsandbox.model.LayerKind;
import cnnsandbox.model.LayerSpec;
import cnnsandbox.training.Classifier;

/**
 * Show Filters: the first conv or dense layer's weights as images, all on one symmetric scale so they can be
 * compared: the K x K kernels of conv1 when the network starts with a conv layer (the CNN), else the weight image of
 * each fc1 unit, of the size of that layer's input (the MLP: 28 x 28; its first layer is linear, so these are exactly
 * the patterns its hidden units correlate the input with). A filter over 3 input channels (a colour model) is one
 * RGB image; over C other channels, C channels of a hyperstack.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Show Filters", headless = true, label = "Show Filters",
	description = "Shows the learned weights of a model's first layer as images")
public class ShowFilters extends SandboxCommand {

	@Parameter(label = "model_file", style = "open", persist = false, description = "a model saved by Train Fashion Classifier")
	private File model_file;

	@Parameter(label = "magnification", description = "montage zoom (nearest neighbour)")
	private int magnification = 8;

	@Parameter(label = "Filters", type = ItemIO.OUTPUT)
	private ImagePlus filters;

	@Parameter(label = "Filter Montage", type = ItemIO.OUTPUT)
	private ImagePlus filter_montage;

	@Override
	public void run() {
		Options.between("magnification", magnification, 1, 64);
		Classifier model = ModelFiles.load(model_file);
		LayerList net = model.layers();
		int first = 0;
		while (!net.spec(first).hasParameters()) first++; // the list ends with a dense layer
		boolean cnn = net.spec(first).kind == LayerKind.CONV;
		String layer = net.name(first);
		INDArray w = model.parameter(layer + "_W"); // conv1: [kH, kW, C, out]; fc1: [C * rows * cols, out]
		Shape in = net.inputShape(first); // the input's channels: nothing before the first conv or dense layer adds any
		int kh = cnn ? (int) w.size(0) : in.rows, kw = cnn ? (int) w.size(1) : in.cols, channels = in.channels;
		int units = (int) w.size(w.rank() - 1);
		// the zoomed stack and the montage, each units x (kw * m) x (kh * m) floats: 2.5 GB for the MLP at 64
		MemoryBudget.require(MemoryBudget.times(units, channels, (long) kw * magnification, (long) kh * magnification, 4, 2),
			"magnification=" + magnification + " (" + units + " filters of " + kw + " x " + kh + ")");
		float[][] kernels = new float[units][channels * kh * kw];
		for (int u = 0; u < kernels.length; u++) {
			for (int c = 0; c < channels; c++)
				for (int y = 0; y < kh; y++) {
					for (int x = 0; x < kw; x++)
						kernels[u][(c * kh + y) * kw + x] = cnn ? w.getFloat(y, x, c, u) : w.getFloat((c * kh + y) * kw + x, u);
				}
		}
		filters = FilterOutputs.filters(kernels, channels, kw, kh, layer);
		filter_montage = FilterOutputs.montage(filters, magnification);
	}
}
