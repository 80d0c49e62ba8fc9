package cnnsandbox.outputs;

import java.util.List;

import cnnsandbox.explain.Explanation;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

/**
 * Explain Classification's outputs: the attribution stack (32-bit, the model's input size), its overlay on the
 * prepared images (RGB, enlarged so that a 28 x 28 input is readable at 100 %), and the per-slice table.
 */
public final class ExplanationOutputs {

	/** The overlay's side in pixels: a 28 x 28 input is shown 10 x. */
	static final int OVERLAY_SIDE = 280;
	/**
	 * At most this many overlay pixels (256 MB of RGB): a 10,000-slice stack at 10 x would take 3.1 GB, so large
	 * stacks are enlarged less (the 10,000 test images: 2 x).
	 */
	static final long OVERLAY_PIXELS = 64L << 20;

	private ExplanationOutputs() {}

	public static ResultsTable table(Explanation e, List<String> names) {
		ResultsTable t = new ResultsTable(e.n);
		t.showRowNumbers(false);
		int slice = t.getFreeColumn("slice"), predicted = t.getFreeColumn("predicted"), probability = t.getFreeColumn("probability"),
			target = t.getFreeColumn("target"), targetP = t.getFreeColumn("target_probability"), sum = t.getFreeColumn("attribution_sum");
		for (int i = 0; i < e.n; i++) {
			t.setValue(slice, i, i + 1);
			t.setValue(predicted, i, names.get(e.predicted[i]));
			t.setValue(probability, i, e.probability[i]);
			t.setValue(target, i, names.get(e.target[i]));
			t.setValue(targetP, i, e.targetProbability[i]);
			t.setValue(sum, i, e.sum[i]);
		}
		return t;
	}

	/** The maps, one slice per input slice, labelled "target (method)"; display range symmetric around 0. */
	public static ImagePlus attribution(Explanation e, List<String> names) {
		ImageStack stack = new ImageStack(e.cols, e.rows);
		int pixels = e.rows * e.cols;
		double max = 0;
		for (int i = 0; i < e.n; i++) {
			float[] plane = new float[pixels];
			System.arraycopy(e.attribution, i * pixels, plane, 0, pixels);
			for (float v : plane) max = Math.max(max, Math.abs(v));
			stack.addSlice(names.get(e.target[i]) + " (" + e.method.label() + ")", new FloatProcessor(e.cols, e.rows, plane));
		}
		ImagePlus imp = new ImagePlus("Attribution", stack);
		imp.setDisplayRange(-max, max > 0 ? max : 1);
		return imp;
	}

	/**
	 * Each map over its prepared image: grey where the attribution is small, red where it raises the target's score,
	 * blue where it lowers it (a diverging scale, opacity |a| / the slice's largest |a|), each pixel a square of
	 * {@link #OVERLAY_SIDE} / side screen pixels (less for large stacks: {@link #OVERLAY_PIXELS}).
	 */
	public static ImagePlus overlay(Explanation e, float[] prepared, List<String> names) {
		int zoom = Math.max(1, (int) Math.ceil((double) OVERLAY_SIDE / Math.max(e.rows, e.cols)));
		zoom = Math.max(1, Math.min(zoom, (int) Math.sqrt((double) OVERLAY_PIXELS / ((long) e.n * e.rows * e.cols))));
		int w = e.cols * zoom, h = e.rows * zoom, pixels = e.rows * e.cols;
		ImageStack stack = new ImageStack(w, h);
		for (int i = 0; i < e.n; i++) {
			double max = 0;
			for (int q = 0; q < pixels; q++) max = Math.max(max, Math.abs(e.attribution[i * pixels + q]));
			int[] rgb = new int[w * h];
			for (int y = 0; y < e.rows; y++) {
				for (int x = 0; x < e.cols; x++) {
					int q = i * pixels + y * e.cols + x;
					double g = Math.min(1, Math.max(0, prepared[q]));
					double a = max > 0 ? e.attribution[q] / max : 0, alpha = Math.abs(a);
					// red (1, 0.15, 0.1) for positive, blue (0.1, 0.35, 1) for negative, blended over the grey
					double r = (1 - alpha) * g + alpha * (a > 0 ? 1 : 0.1);
					double gr = (1 - alpha) * g + alpha * (a > 0 ? 0.15 : 0.35);
					double b = (1 - alpha) * g + alpha * (a > 0 ? 0.1 : 1);
					int c = (int) Math.round(255 * r) << 16 | (int) Math.round(255 * gr) << 8 | (int) Math.round(255 * b);
					for (int dy = 0; dy < zoom; dy++) java.util.Arrays.fill(rgb, (y * zoom + dy) * w + x * zoom, (y * zoom + dy) * w + x * zoom + zoom, c);
				}
			}
			stack.addSlice(names.get(e.target[i]) + " (" + e.method.label() + ")", new ColorProcessor(w, h, rgb));
		}
		return new ImagePlus("Attribution Overlay", stack);
	}
}
