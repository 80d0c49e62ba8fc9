package cnnsandbox.commands;

import java.io.File;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.files.MemoryBudget;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.Classifier;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.MontageMaker;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Show Filters: the first layer's weights as images, all on one symmetric scale so they can be compared: the 3 x 3
 * kernels of conv1 for the CNN, the 28 x 28 weight image of each fc1 unit for the MLP (its first layer is linear, so
 * these are exactly the patterns its hidden units correlate the input with).
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
		boolean cnn = model.architecture() == Architecture.CNN;
		String layer = cnn ? "conv1" : "fc1";
		INDArray w = model.parameter(layer + "_W"); // conv1: [kH, kW, 1, out]; fc1: [rows * cols, out]
		int kh = cnn ? (int) w.size(0) : model.inputRows(), kw = cnn ? (int) w.size(1) : model.inputCols();
		int units = (int) w.size(w.rank() - 1);
		// the zoomed stack and the montage, each units x (kw * m) x (kh * m) floats: 1.3 GB for the MLP at 64
		MemoryBudget.require(MemoryBudget.times(units, (long) kw * magnification, (long) kh * magnification, 4, 2),
			"magnification=" + magnification + " (" + units + " filters of " + kw + " x " + kh + ")");
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
