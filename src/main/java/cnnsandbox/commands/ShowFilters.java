package cnnsandbox.commands;

import java.io.File;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.model.LayerList;
import cnnsandbox.model.LayerSpec;
import cnnsandbox.model.Classifier;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.MontageMaker;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Show Filters: the first conv or dense layer's weights as images, all on one symmetric scale so they can be
 * compared: the K x K kernels of conv1 when the network starts with a conv layer (the CNN), else the weight image of
 * each fc1 unit, of the size of that layer's input (the MLP: 28 x 28; its first layer is linear, so these are exactly
 * the patterns its hidden units correlate the input with).
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Show Filters", headless = true, label = "Show Filters")
public class ShowFilters extends ContextCommand {

	@Parameter(label = "model_file", style = "open", persist = false)
	private File model_file;

	@Parameter(label = "magnification", description = "montage zoom (nearest neighbour)")
	private int magnification = 8;

	@Parameter(label = "Filters", type = ItemIO.OUTPUT)
	private ImagePlus filters;

	@Parameter(label = "Filter Montage", type = ItemIO.OUTPUT)
	private ImagePlus filter_montage;

	@Override
	public void run() {
		if (magnification < 1 || magnification > 64) {
			throw new IllegalArgumentException("magnification must be between 1 and 64, got " + magnification);
		}
		Classifier model = ModelFiles.load(model_file);
		LayerList net = model.layers();
		int first = 0;
		while (!net.spec(first).hasParameters()) first++; // the list ends with a dense layer
		boolean cnn = net.spec(first).kind == LayerSpec.Kind.CONV;
		String layer = net.name(first);
		INDArray w = model.parameter(layer + "_W"); // conv1: [kH, kW, 1, out]; fc1: [rows * cols, out]
		LayerList.Shape in = net.inputShape(first); // one channel: nothing before the first conv or dense layer adds any
		int kh = cnn ? (int) w.size(0) : in.rows, kw = cnn ? (int) w.size(1) : in.cols;
		int units = (int) w.size(w.rank() - 1);
		ImageStack stack = new ImageStack(kw, kh);
		double max = 0;
		for (int u = 0; u < units; u++) {
			float[] kernel = new float[kh * kw];
			for (int y = 0; y < kh; y++) {
				for (int x = 0; x < kw; x++) {
					kernel[y * kw + x] = cnn ? w.getFloat(y, x, 0, u) : w.getFloat(y * kw + x, u);
					max = Math.max(max, Math.abs(kernel[y * kw + x]));
				}
			}
			stack.addSlice(layer + " unit " + u, new FloatProcessor(kw, kh, kernel));
		}
		filters = new ImagePlus("Filters: " + layer, stack);
		filters.setDisplayRange(-max, max); // one symmetric scale: zero is mid-grey in every filter
		filter_montage = montage(filters, max);
	}

	private ImagePlus montage(ImagePlus imp, double max) {
		int n = imp.getStackSize(), columns = (int) Math.ceil(Math.sqrt(n)), rows = (int) Math.ceil((double) n / columns);
		ImageStack big = new ImageStack(imp.getWidth() * magnification, imp.getHeight() * magnification);
		for (int i = 1; i <= n; i++) {
			ImageProcessor ip = imp.getStack().getProcessor(i);
			ip.setInterpolationMethod(ImageProcessor.NONE);
			big.addSlice(imp.getStack().getSliceLabel(i), ip.resize(ip.getWidth() * magnification, ip.getHeight() * magnification));
		}
		ImagePlus zoomed = new ImagePlus("zoomed", big);
		zoomed.setDisplayRange(-max, max);
		ImagePlus montage = new MontageMaker().makeMontage2(zoomed, columns, rows, 1.0, 1, n, 1, 2, false);
		montage.setTitle("Filter Montage");
		montage.setDisplayRange(-max, max);
		return montage;
	}
}
