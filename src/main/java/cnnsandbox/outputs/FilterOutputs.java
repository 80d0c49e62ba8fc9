package cnnsandbox.outputs;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Show Filters' outputs: the filters as a stack and as a zoomed montage, all on one symmetric scale. A filter over
 * three input channels (a colour model's) is one RGB image, each channel's weights in its colour (zero is mid-grey,
 * 128); over C other channels, a hyperstack of C channels (one per input channel) and one slice per filter.
 */
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

	/**
	 * One filter per slice of {@code channels} planes of {@code width x height} weights each ({@code kernels[u]},
	 * channel by channel): grey for one channel ({@link #filters(float[][], int, int, String)}), RGB for three,
	 * a C-channel hyperstack otherwise; one symmetric scale over all.
	 */
	public static ImagePlus filters(float[][] kernels, int channels, int width, int height, String layer) {
		if (channels == 1) return filters(kernels, width, height, layer);
		double max = 0;
		for (float[] k : kernels)
			for (float v : k) max = Math.max(max, Math.abs(v));
		int plane = width * height;
		ImageStack stack = new ImageStack(width, height);
		for (int u = 0; u < kernels.length; u++) {
			if (channels == 3) {
				int[] rgb = new int[plane];
				for (int i = 0; i < plane; i++)
					rgb[i] = (level(kernels[u][i], max) << 16) | (level(kernels[u][plane + i], max) << 8) | level(kernels[u][2 * plane + i], max);
				stack.addSlice(layer + " unit " + u + " (R, G, B)", new ColorProcessor(width, height, rgb));
			} else {
				for (int c = 0; c < channels; c++)
					stack.addSlice(layer + " unit " + u + ", channel " + c, new FloatProcessor(width, height,
						java.util.Arrays.copyOfRange(kernels[u], c * plane, (c + 1) * plane)));
			}
		}
		ImagePlus filters = new ImagePlus("Filters: " + layer, stack);
		if (channels != 3) {
			filters.setDimensions(channels, kernels.length, 1);
			filters = new CompositeImage(filters, IJ.GRAYSCALE);
			for (int c = 1; c <= channels; c++) {
				filters.setC(c);
				filters.setDisplayRange(-max, max);
			}
			filters.setC(1);
		}
		filters.setProperty(SCALE, max);
		return filters;
	}

	/** The largest |weight|, the scale of an RGB or multi-channel filter image (whose display range cannot hold it). */
	static final String SCALE = "cnnsandbox.filterScale";

	/** A weight on the symmetric scale as an 8-bit level: -max is 0, zero 128, max 255. */
	static int level(float v, double max) {
		return max == 0 ? 128 : (int) Math.max(0, Math.min(255, Math.round(128 + 127.5 * v / max)));
	}

	/** Pixels between cells. */
	public static final int GAP = 2;

	/**
	 * The filters zoomed {@code magnification} times (nearest neighbour) in a near-square montage, same scale. Gaps
	 * and unused cells are 0, the middle grey of the symmetric scale: black would read as strong negative weights.
	 */
	public static ImagePlus montage(ImagePlus filters, int magnification) {
		if (filters.getType() == ImagePlus.COLOR_RGB) return colourMontage(filters, magnification);
		if (filters.getNChannels() > 1) return channelMontage(filters, magnification);
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

	/** An RGB montage: gaps and unused cells mid-grey (zero weight), as the grey montage's. */
	private static ImagePlus colourMontage(ImagePlus filters, int magnification) {
		int n = filters.getStackSize(), columns = (int) Math.ceil(Math.sqrt(n)), rows = (int) Math.ceil((double) n / columns);
		int cw = filters.getWidth() * magnification, ch = filters.getHeight() * magnification;
		ColorProcessor all = new ColorProcessor(columns * cw + (columns - 1) * GAP, rows * ch + (rows - 1) * GAP);
		all.setColor(new java.awt.Color(128, 128, 128));
		all.fill();
		for (int i = 0; i < n; i++) {
			ImageProcessor ip = filters.getStack().getProcessor(i + 1);
			ip.setInterpolationMethod(ImageProcessor.NONE);
			all.insert(ip.resize(cw, ch), (i % columns) * (cw + GAP), (i / columns) * (ch + GAP));
		}
		ImagePlus montage = new ImagePlus("Filter Montage", all);
		montage.setProperty(SCALE, filters.getProperty(SCALE));
		return montage;
	}

	/** One grey montage per input channel, as the channels of a hyperstack. */
	private static ImagePlus channelMontage(ImagePlus filters, int magnification) {
		int channels = filters.getNChannels(), n = filters.getNSlices();
		double max = (Double) filters.getProperty(SCALE);
		ImageStack out = null;
		for (int c = 0; c < channels; c++) {
			ImageStack one = new ImageStack(filters.getWidth(), filters.getHeight());
			for (int u = 0; u < n; u++)
				one.addSlice(filters.getStack().getProcessor(u * channels + c + 1));
			ImagePlus grey = new ImagePlus("", one);
			grey.setDisplayRange(-max, max);
			ImageProcessor m = montage(grey, magnification).getProcessor();
			if (out == null) out = new ImageStack(m.getWidth(), m.getHeight());
			out.addSlice("channel " + c, m);
		}
		ImagePlus montage = new ImagePlus("Filter Montage", out);
		montage.setDimensions(channels, 1, 1);
		montage = new CompositeImage(montage, IJ.GRAYSCALE);
		for (int c = 1; c <= channels; c++) {
			montage.setC(c);
			montage.setDisplayRange(-max, max);
		}
		montage.setC(1);
		return montage;
	}
}
