package cnnsandbox.explain;

import java.util.Arrays;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import cnnsandbox.engine.Engine;
import cnnsandbox.training.Classifier;

/**
 * Attribution maps of a classifier's decisions, for a batch of prepared images (pixels in the model's input units,
 * [0, 1]): which pixels of this image drove the score of this class. Every method works on every model the engine
 * runs (MLP, CNN, layer lists) except Grad-CAM and HiResCAM, which need a conv layer. Images go through the engine in batches;
 * SmoothGrad's noisy copies, integrated gradients' path points and occlusion's occluded copies of several images
 * share one batch.
 */
public final class Explainer {

	private final Classifier model;
	/** An image's input values (channels x rows x cols: what gradients are of) and its map's pixels (rows x cols). */
	private final int rows, cols, channels, values, pixels, classes;

	public Explainer(Classifier model) {
		this.model = model;
		this.rows = model.inputRows();
		this.cols = model.inputCols();
		this.channels = model.inputChannels();
		this.pixels = rows * cols;
		this.values = channels * pixels;
		this.classes = model.layers().classes();
	}

	/**
	 * Explains images {@code 0..n-1} of {@code images} [n, channels, rows, cols]; the maps are [n, rows, cols], a
	 * C-channel image's map the sum of its channels' attributions.
	 *
	 * @param target the class to explain for every image, or -1 for each image's most probable class
	 * @param progress receives a line now and then ("slice 250 of 10000")
	 * @param stop polled between batches; a stop throws CancellationException
	 */
	public Explanation explain(float[] images, int n, int target, ExplainSettings s, Consumer<String> progress, BooleanSupplier stop) {
		s.validate();
		if (images.length < (long) n * values)
			throw new IllegalArgumentException(n + " images of " + (channels > 1 ? channels + " x " : "") + rows + " x " + cols + " need " + (long) n * values + " values, got " + images.length);
		if (target < -1 || target >= classes)
			throw new IllegalArgumentException("target class " + target + " is outside 0-" + (classes - 1));
		int[] targets = new int[n];
		Arrays.fill(targets, target < 0 ? Passes.PREDICTED : target);
		float[] attribution = new float[n * values];
		float[] logp;
		String layer = null;
		Passes p = new Passes(model, !s.method.usesLayerMaps(), stop);
		p.useThreads(n);
		switch (s.method) {
		case GRADIENT:
			logp = new float[n * classes];
			for (int from = 0; from < n; from += p.chunk * 4) { // progress every few batches
				int m = Math.min(p.chunk * 4, n - from);
				progress.accept("gradients of slices " + (from + 1) + "-" + (from + m) + " of " + n);
				float[] g = new float[m * values], lp = new float[m * classes];
				p.gradients(Arrays.copyOfRange(images, from * values, (from + m) * values), m, Arrays.copyOfRange(targets, from, from + m), g, lp);
				System.arraycopy(g, 0, attribution, from * values, m * values);
				System.arraycopy(lp, 0, logp, from * classes, m * classes);
			}
			break;
		case GRADCAM:
		case HIRESCAM:
			GradCam cam = new GradCam(model.layers(), p.engine, s.layer, s.method);
			layer = cam.layerName;
			progress.accept(s.method.label() + " on " + layer + " of " + n + " slice(s)");
			logp = new float[n * classes];
			cam.run(p, images, n, targets, attribution, logp);
			break;
		default:
			progress.accept("classifying " + n + " slice(s)");
			logp = p.logProbabilities(images, n);
			resolve(targets, logp);
			perImage(p, s, images, n, targets, logp, attribution, progress);
		}
		resolve(targets, logp);
		String note = null;
		if (s.method == Method.INTEGRATED_GRADIENTS) {
			progress.accept("integrated_gradients: checking completeness");
			CompletenessRefinement r = new CompletenessRefinement(p, values, classes, s.baseline.value);
			r.refine(images, n, targets, logp, s.steps, attribution);
			if (r.refined > 0) note = "integrated_gradients: " + r.refined + " of " + n + " slice(s) missed completeness by more than 1 % at "
				+ s.steps + " steps and got more points (up to " + r.maxSteps + ")" + (r.unresolved > 0 ? "; " + r.unresolved
					+ " still miss it (f(x) - f(baseline) is in the table's attribution_sum only approximately)" : "");
		}
		// the map of a C-channel image: the sum over its channels (which keeps integrated gradients' completeness);
		// Grad-CAM's maps are per pixel already
		float[] map = s.method.usesLayerMaps() ? Arrays.copyOf(attribution, n * pixels) : sumOfChannels(attribution, n);
		Explanation e = new Explanation(s.method, n, rows, cols, map, logp, classes, targets, layer);
		e.note = note;
		return e;
	}

	/** [n, rows, cols]: each pixel's values summed over the channels of {@code v} [n, channels, rows, cols]. */
	private float[] sumOfChannels(float[] v, int n) {
		if (channels == 1) return v;
		float[] out = new float[n * pixels];
		for (int i = 0; i < n; i++)
			for (int c = 0; c < channels; c++)
				for (int q = 0; q < pixels; q++)
					out[i * pixels + q] += v[(i * channels + c) * pixels + q];
		return out;
	}

	/** Replaces PREDICTED by each image's most probable class. */
	private void resolve(int[] targets, float[] logp) {
		for (int i = 0; i < targets.length; i++)
			if (targets[i] == Passes.PREDICTED)
				targets[i] = Engine.argmax(logp, i * classes, classes);
	}

	/** SmoothGrad, integrated gradients, occlusion: many derived images per image, several images per batch. */
	private void perImage(Passes p, ExplainSettings s, float[] images, int n, int[] targets, float[] logp, float[] attribution,
		Consumer<String> progress) {
		Derived d = derived(s);
		int per = d.count(), group = Math.max(1, p.chunk / per);
		for (int from = 0; from < n; from += group) {
			int g = Math.min(group, n - from), m = g * per;
			progress.accept(s.method.label() + ": slices " + (from + 1) + "-" + (from + g) + " of " + n);
			float[] batch = new float[m * values];
			int[] t = new int[m];
			for (int i = 0; i < g; i++) {
				d.make(images, (from + i) * values, from + i, batch, i * per);
				Arrays.fill(t, i * per, (i + 1) * per, targets[from + i]);
			}
			if (s.method == Method.OCCLUSION) {
				float[] lp = p.logProbabilities(batch, m);
				for (int i = 0; i < g; i++)
					d.combine(lp, i * per, targets[from + i], logp[(from + i) * classes + targets[from + i]], images,
						(from + i) * values, attribution);
			} else {
				float[] grad = new float[m * values];
				p.gradients(batch, m, t, grad, null);
				for (int i = 0; i < g; i++)
					d.combine(grad, i * per, targets[from + i], 0, images, (from + i) * values, attribution);
			}
		}
	}

	/** The images derived from one image, and how their results combine into its map. */
	private interface Derived {
		int count();

		/** Writes the derived images of image {@code index} (at {@code at} in images) into batch, from image {@code first}. */
		void make(float[] images, int at, int index, float[] batch, int first);

		/** Combines the results of the derived images from {@code first} into the map of the image at {@code at}. */
		void combine(float[] results, int first, int target, float logpTarget, float[] images, int at, float[] attribution);
	}

	private Derived derived(ExplainSettings s) {
		switch (s.method) {
		case SMOOTHGRAD:
			return smoothGrad(s);
		case INTEGRATED_GRADIENTS:
			return integratedGradients(s);
		default:
			return occlusion(s);
		}
	}

	/** The gradient averaged over {@code samples} copies with Gaussian noise, seeded per image. */
	private Derived smoothGrad(ExplainSettings s) {
		return new Derived() {
			public int count() {
				return s.samples;
			}

			public void make(float[] images, int at, int index, float[] batch, int first) {
				Random r = new Random(s.seed * 1_000_003L + index);
				for (int k = 0; k < s.samples; k++)
					for (int q = 0; q < values; q++)
						batch[(first + k) * values + q] = images[at + q] + (float) (s.noise * r.nextGaussian());
			}

			public void combine(float[] grad, int first, int target, float unused, float[] images, int at, float[] attribution) {
				for (int q = 0; q < values; q++) {
					double sum = 0;
					for (int k = 0; k < s.samples; k++)
						sum += grad[(first + k) * values + q];
					attribution[at + q] = (float) (sum / s.samples);
				}
			}
		};
	}

	/**
	 * (x - b) times the mean gradient at b + alpha (x - b), alpha = (k + 1/2) / steps: the midpoint rule, whose error
	 * falls as 1/steps^2 on a smooth path (64 steps: completeness within 1 % for the MLP and the test layer list) and
	 * as 1/steps where max pooling makes the gradient jump (a CNN's worst image: 2.7 % at 64 steps, 1.1 % at 256; see
	 * docs/explain.md); CompletenessRefinement then adds points to the images that need them.
	 */
	private Derived integratedGradients(ExplainSettings s) {
		float b = s.baseline.value;
		return new Derived() {
			public int count() {
				return s.steps;
			}

			public void make(float[] images, int at, int index, float[] batch, int first) {
				for (int k = 0; k < s.steps; k++) {
					float alpha = (k + 0.5f) / s.steps;
					for (int q = 0; q < values; q++)
						batch[(first + k) * values + q] = b + alpha * (images[at + q] - b);
				}
			}

			public void combine(float[] grad, int first, int target, float unused, float[] images, int at, float[] attribution) {
				for (int q = 0; q < values; q++) {
					double sum = 0;
					for (int k = 0; k < s.steps; k++)
						sum += grad[(first + k) * values + q];
					attribution[at + q] = (float) ((images[at + q] - b) * sum / s.steps);
				}
			}
		};
	}

	/**
	 * One copy per window position (stride apart, the last one flush with the border so every pixel is covered),
	 * the window set to the baseline; a pixel's attribution is the mean drop of log p(target) over the windows that
	 * cover it (Captum's Occlusion, with log p as the output).
	 */
	private Derived occlusion(ExplainSettings s) {
		int w = Math.min(s.window, Math.min(rows, cols));
		int[] ys = positions(rows, w, s.stride), xs = positions(cols, w, s.stride);
		float b = s.baseline.value;
		return new Derived() {
			public int count() {
				return ys.length * xs.length;
			}

			public void make(float[] images, int at, int index, float[] batch, int first) {
				int k = first;
				for (int y0 : ys)
					for (int x0 : xs) {
						int o = k++ * values;
						System.arraycopy(images, at, batch, o, values);
						for (int c = 0; c < channels; c++) // the window covers every channel of its pixels
							for (int y = y0; y < y0 + w; y++)
								Arrays.fill(batch, o + c * pixels + y * cols + x0, o + c * pixels + y * cols + x0 + w, b);
					}
			}

			/** The pixel's mean drop goes into its first channel (the others stay 0): the map is the sum over channels. */
			public void combine(float[] lp, int first, int target, float logpTarget, float[] images, int at, float[] attribution) {
				float[] count = new float[pixels];
				int k = first;
				for (int y0 : ys)
					for (int x0 : xs) {
						float drop = logpTarget - lp[k++ * classes + target];
						for (int y = y0; y < y0 + w; y++)
							for (int x = x0; x < x0 + w; x++) {
								attribution[at + y * cols + x] += drop;
								count[y * cols + x]++;
							}
					}
				for (int q = 0; q < pixels; q++)
					attribution[at + q] /= count[q];
			}
		};
	}

	/** Window starts 0, stride, 2 stride... and size - window last, so that the windows cover 0..size-1. */
	static int[] positions(int size, int window, int stride) {
		int n = (size - window) / stride + 1;
		boolean flush = (n - 1) * stride + window < size;
		int[] p = new int[n + (flush ? 1 : 0)];
		for (int i = 0; i < n; i++)
			p[i] = i * stride;
		if (flush)
			p[n] = size - window;
		return p;
	}
}
