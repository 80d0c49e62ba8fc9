package cnnsandbox.outputs;

import ij.ImagePlus;
import ij.ImageStack;
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

	/** Pixels between cells. */
	public static final int GAP = 2;

	/**
	 * The filters zoomed {@code magnification} times (nearest neighbour) in a near-square montage, same scale. Gaps
	 * and unused cells are 0, the middle grey of the symmetric scale: black would read as strong negative weights.
	 */
	public static ImagePlus montage(ImagePlus filters, int magnification) {
		double max = filters.getDisplayRangeMax();
		int n = filters.getStackSize(), columns = (int) Math.ceil(Math.sqrt(n)), rows = (int) Math.ceil((double) n / columns);
		int cw = filters.getWidth() * magnification, ch = filters.getHeight() * magnification;
		FloatProcessor all = new FloatProcessor(columns * cw + (columns - 1) * GAP, rows * ch + (rows - 1) * GAP); // zeros
		for (int i = 0; i < n; i++) {
			ImageProcessor ip = filters.getStack().getProcessor(i + 1);
			ip.setInterpolationMethod(ImageProcessor.NONE);
			all.insert(ip.resize(cw, ch), (i % columns) * (cw + GAP), (i / columns) * (ch + GAP));
		}
		ImagePlus montage = new ImagePlus("Filter Montage", all);
		montage.setDisplayRange(-max, max);
		return montage;
	}
}
