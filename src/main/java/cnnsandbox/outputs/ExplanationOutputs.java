package cnnsandbox.outputs;

import java.util.List;

import cnnsandbox.classify.InputFitter;
import cnnsandbox.explain.Explanation;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

/**
 * Explain Classification's outputs: the attribution stack (32-bit, the model's input size), its overlay on the
 * original slices (RGB, enlarged so that a 28 x 28 input is readable at 100 %), and the per-slice table.
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
	 * Each map over its original slice (the fitting undone: the map is sampled bilinearly where the slice's content
	 * went in the model's input; pixels outside the content box get none): grey where the attribution is small, red
	 * where it raises the target's score, blue where it lowers it (a diverging scale, opacity |a| / the slice's
	 * largest |a|), enlarged so that the longer side is about {@link #OVERLAY_SIDE} pixels (less for large stacks:
	 * {@link #OVERLAY_PIXELS}).
	 *
	 * @param original the slices scaled to [0, 1] at their own size, [n, height, width]
	 */
	public static ImagePlus overlay(Explanation e, float[] original, int width, int height, InputFitter.Placement[] placements,
		List<String> names) {
		int zoom = Math.max(1, (int) Math.ceil((double) OVERLAY_SIDE / Math.max(width, height)));
		zoom = Math.max(1, Math.min(zoom, (int) Math.sqrt((double) OVERLAY_PIXELS / ((long) e.n * width * height))));
		int z = zoom, w = width * zoom, h = height * zoom, pixels = e.rows * e.cols, plane = width * height;
		ImageStack stack = new ImageStack(w, h);
		for (int i = 0; i < e.n; i++) {
			double max = 0;
			for (int q = 0; q < pixels; q++) max = Math.max(max, Math.abs(e.attribution[i * pixels + q]));
			InputFitter.Placement p = placements[i];
			int[] rgb = new int[w * h];
			for (int y = 0; y < height; y++) {
				for (int x = 0; x < width; x++) {
					double g = Math.min(1, Math.max(0, original[i * plane + y * width + x]));
					double a = max > 0 && p.inBox(x, y) ? sample(e, i, p, p.toInput(x, y)) / max : 0, alpha = Math.min(1, Math.abs(a));
					// red (1, 0.15, 0.1) for positive, blue (0.1, 0.35, 1) for negative, blended over the grey
					double r = (1 - alpha) * g + alpha * (a > 0 ? 1 : 0.1);
					double gr = (1 - alpha) * g + alpha * (a > 0 ? 0.15 : 0.35);
					double b = (1 - alpha) * g + alpha * (a > 0 ? 0.1 : 1);
					int c = (int) Math.round(255 * r) << 16 | (int) Math.round(255 * gr) << 8 | (int) Math.round(255 * b);
					for (int dy = 0; dy < z; dy++) java.util.Arrays.fill(rgb, (y * z + dy) * w + x * z, (y * z + dy) * w + x * z + z, c);
				}
			}
			stack.addSlice(names.get(e.target[i]) + " (" + e.method.label() + ")", new ColorProcessor(w, h, rgb));
		}
		return new ImagePlus("Attribution Overlay", stack);
	}

	/** Map i at input position {column, row}, bilinear, clamped to where the slice's content went. */
	static double sample(Explanation e, int i, InputFitter.Placement p, double[] at) {
		double cx = Math.min(p.x0 + p.fw - 1, Math.max(p.x0, at[0])), cy = Math.min(p.y0 + p.fh - 1, Math.max(p.y0, at[1]));
		int x0 = (int) Math.floor(cx), y0 = (int) Math.floor(cy);
		int x1 = Math.min(x0 + 1, p.x0 + p.fw - 1), y1 = Math.min(y0 + 1, p.y0 + p.fh - 1);
		double fx = cx - x0, fy = cy - y0;
		int o = i * e.rows * e.cols;
		float[] m = e.attribution;
		return (1 - fy) * ((1 - fx) * m[o + y0 * e.cols + x0] + fx * m[o + y0 * e.cols + x1])
			+ fy * ((1 - fx) * m[o + y1 * e.cols + x0] + fx * m[o + y1 * e.cols + x1]);
	}
}
