package cnnsandbox.outputs;

import java.util.List;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

/**
 * Model inputs of one or more channels as an image a user reads at once: grey (one channel), RGB (three: the
 * colour the model saw), or a composite hyperstack of C channels. Values are in [0, 1], image by image, each image
 * its channels' planes one after the other ([n, C, H, W]).
 */
public final class ChannelImages {

	private ChannelImages() {}

	/**
	 * @param labels one slice label per image, or null
	 * @param lo the value shown black (0 for inputs in [0, 1]); {@code hi} white
	 */
	public static ImagePlus of(String title, float[] values, int n, int channels, int rows, int cols, List<String> labels, double lo,
		double hi) {
		int plane = rows * cols;
		ImageStack stack = new ImageStack(cols, rows);
		for (int i = 0; i < n; i++) {
			String label = labels == null ? null : labels.get(i);
			int o = i * channels * plane;
			if (channels == 3) {
				int[] rgb = new int[plane];
				for (int p = 0; p < plane; p++)
					rgb[p] = (level(values[o + p], lo, hi) << 16) | (level(values[o + plane + p], lo, hi) << 8) | level(values[o + 2 * plane + p], lo, hi);
				stack.addSlice(label, new ColorProcessor(cols, rows, rgb));
			} else {
				for (int c = 0; c < channels; c++)
					stack.addSlice(label, new FloatProcessor(cols, rows, java.util.Arrays.copyOfRange(values, o + c * plane, o + (c + 1) * plane)));
			}
		}
		ImagePlus imp = new ImagePlus(title, stack);
		if (channels == 1 || channels == 3) {
			if (channels == 1) imp.setDisplayRange(lo, hi);
			return imp;
		}
		imp.setDimensions(channels, n, 1);
		CompositeImage composite = new CompositeImage(imp, IJ.COMPOSITE);
		for (int c = 1; c <= channels; c++) {
			composite.setC(c);
			composite.setDisplayRange(lo, hi);
		}
		composite.setC(1);
		return composite;
	}

	/** A value between lo and hi as an 8-bit level, clipped. */
	static int level(float v, double lo, double hi) {
		double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
		return (int) Math.max(0, Math.min(255, Math.round(255 * t)));
	}
}
