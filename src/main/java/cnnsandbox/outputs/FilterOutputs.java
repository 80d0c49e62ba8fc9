package cnnsandbox.outputs;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.MontageMaker;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/** Show Filters' outputs: the filters as a stack and as a zoomed montage, all on one symmetric grey scale. */
public final class FilterOutputs {

	private FilterOutputs() {}

	/** One slice per filter ({@code width x height} weights each), labelled "layer unit u"; zero is mid-grey in all. */
	public static ImagePlus filters(float[][] kernels, int width, int height, String layer) {
		ImageStack stack = new ImageStack(width, height);
		double max = 0;
		for (int u = 0; u < kernels.length; u++) {
			for (float v : kernels[u]) max = Math.max(max, Math.abs(v));
			stack.addSlice(layer + " unit " + u, new FloatProcessor(width, height, kernels[u]));
		}
		ImagePlus filters = new ImagePlus("Filters: " + layer, stack);
		filters.setDisplayRange(-max, max); // one symmetric scale: zero is mid-grey in every filter
		return filters;
	}

	/** The filters zoomed {@code magnification} times (nearest neighbour) in a near-square montage, same scale. */
	public static ImagePlus montage(ImagePlus filters, int magnification) {
		double max = filters.getDisplayRangeMax();
		int n = filters.getStackSize(), columns = (int) Math.ceil(Math.sqrt(n)), rows = (int) Math.ceil((double) n / columns);
		ImageStack big = new ImageStack(filters.getWidth() * magnification, filters.getHeight() * magnification);
		for (int i = 1; i <= n; i++) {
			ImageProcessor ip = filters.getStack().getProcessor(i);
			ip.setInterpolationMethod(ImageProcessor.NONE);
			big.addSlice(filters.getStack().getSliceLabel(i), ip.resize(ip.getWidth() * magnification, ip.getHeight() * magnification));
		}
		ImagePlus zoomed = new ImagePlus("zoomed", big);
		zoomed.setDisplayRange(-max, max);
		ImagePlus montage = new MontageMaker().makeMontage2(zoomed, columns, rows, 1.0, 1, n, 1, 2, false);
		montage.setTitle("Filter Montage");
		montage.setDisplayRange(-max, max);
		return montage;
	}
}
