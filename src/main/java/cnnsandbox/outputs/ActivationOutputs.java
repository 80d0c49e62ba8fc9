package cnnsandbox.outputs;

import cnnsandbox.training.LayerOutput;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/** Show Activations' outputs: one labelled stack per layer, each on its own display range. */
public final class ActivationOutputs {

	private ActivationOutputs() {}

	/**
	 * One slice per channel (a dense layer: one row of units), labelled "layer 1: conv1 (conv 32 3), channel 0"; one
	 * display range for the whole layer, its minimum to its maximum, so channels compare within a layer.
	 */
	public static ImagePlus stack(LayerOutput o, String title) {
		boolean flat = o.rows == 1 && o.cols == 1;
		int w = flat ? o.channels : o.cols, h = flat ? 1 : o.rows, slices = flat ? 1 : o.channels;
		ImageStack stack = new ImageStack(w, h);
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (float x : o.values) {
			min = Math.min(min, x);
			max = Math.max(max, x);
		}
		for (int c = 0; c < slices; c++) {
			float[] plane = new float[w * h];
			System.arraycopy(o.values, c * w * h, plane, 0, w * h);
			stack.addSlice(flat ? o.label() + ", " + o.channels + " units" : o.label() + ", channel " + c, new FloatProcessor(w, h, plane));
		}
		ImagePlus imp = new ImagePlus(title, stack);
		imp.setDisplayRange(min, max > min ? max : min + 1);
		return imp;
	}
}
