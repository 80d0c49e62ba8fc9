package cnnsandbox.explain;

import java.util.ArrayList;
import java.util.List;

import cnnsandbox.engine.Engine;
import cnnsandbox.engine.Layout;
import cnnsandbox.engine.Ops;
import cnnsandbox.engine.Shape;
import cnnsandbox.model.LayerKind;
import cnnsandbox.model.LayerList;
import cnnsandbox.options.Options;

/**
 * Grad-CAM (Selvaraju et al. 2017) on a conv layer: its feature maps A_c (after the activation that directly follows
 * it, if any: the paper's rectified maps), weighted by alpha_c, the spatial mean of d score(target) / d A_c, summed,
 * rectified, and upsampled bilinearly to the input size (PyTorch's interpolate, align_corners = false). The score is
 * the target's logit, as in the paper (not its log-probability). Runs on an unfused engine, whose every layer output
 * is materialised. HiResCAM (Draelos and Carin 2020) weighs each map value by its own gradient instead of the map's
 * spatial mean: exact for a head that flattens the maps into a dense layer, whose weights differ from place to place
 * (docs/explain.md: on such a CNN Grad-CAM's spatial means cancel and its deletion curve is no better than random).
 */
final class GradCam {

	final String layerName;
	/** The engine module whose output (and its gradient) are the maps. */
	private final int module;
	private final Shape maps;
	private final Layout layout;
	/** HiResCAM: gradient times map per value, not the map times its channel's mean gradient. */
	private final boolean elementwise;

	/**
	 * @param layer a conv layer's name, or {@link ExplainSettings#LAST_CONV}
	 * @throws IllegalArgumentException naming {@code method} (no conv layer) or {@code layer} (not a conv layer)
	 */
	GradCam(LayerList net, Engine engine, String layer, Method method) {
		this.elementwise = method == Method.HIRESCAM;
		List<String> convs = new ArrayList<>();
		for (int i = 0; i < net.size(); i++)
			if (net.spec(i).kind == LayerKind.CONV)
				convs.add(net.name(i));
		if (convs.isEmpty())
			throw new IllegalArgumentException("method=" + method.label() + " needs a conv layer, and this model [" + net.text()
				+ "] has none: use method=gradient, smoothgrad, integrated_gradients or occlusion");
		String name = layer == null || layer.trim().isEmpty() || layer.trim().equalsIgnoreCase(ExplainSettings.LAST_CONV)
			? convs.get(convs.size() - 1) : layer.trim();
		if (!convs.contains(name))
			throw Options.bad("layer", ExplainSettings.LAST_CONV + " or a conv layer of this model (" + String.join(", ", convs) + ")", layer);
		int i = net.indexOf(name);
		if (i + 1 < net.size() && net.spec(i + 1).kind.activation() != null)
			i++;
		this.layerName = name;
		this.module = engine.moduleOf(i);
		this.maps = net.outputShape(i);
		this.layout = engine.modules.get(module).layout;
	}

	/**
	 * The maps of images {@code 0..m-1} [m, rows, cols] of the input size into {@code cam}; their log-probabilities
	 * into {@code logp} [m, classes].
	 */
	void run(Passes p, float[] images, int m, int[] targets, float[] cam, float[] logp) {
		Engine e = p.engine;
		int classes = p.classes, hw = maps.rows * maps.cols, c = maps.channels;
		float[] lp = new float[classes];
		for (int from = 0; from < m; from += p.chunk) {
			p.checkStop();
			int k = Math.min(p.chunk, m - from);
			Engine.Batch b = e.batch(k);
			b.load(images, null, from);
			e.forward(b, null);
			java.util.Arrays.fill(b.dzf, 0f);
			for (int i = 0; i < k; i++) {
				Engine.logSoftmax(b.zf, i, classes, lp);
				System.arraycopy(lp, 0, logp, (from + i) * classes, classes);
				int t = targets[from + i] == Passes.PREDICTED ? Engine.argmax(lp, 0, classes) : targets[from + i];
				b.dzf[i * classes + t] = 1f; // d logit_t / d logits
			}
			Ops.put(b.d[e.modules.size() - 1], b.dzf);
			// all the way down: the maps' gradient is written by the module above them (the input gradient is a
			// by-product; Grad-CAM layers are conv layers, whose backward pass is most of the cost anyway)
			e.backward(b, null, false, new float[k * p.values]);
			float[] a = new float[k * hw * c], g = new float[k * hw * c];
			Ops.get(b.out[module], a);
			Ops.get(b.d[module], g);
			float[] small = new float[hw];
			for (int i = 0; i < k; i++) {
				java.util.Arrays.fill(small, 0f);
				for (int ch = 0; ch < c; ch++) {
					if (elementwise) {
						for (int q = 0; q < hw; q++)
							small[q] += g[at(i, ch, q, c, hw)] * a[at(i, ch, q, c, hw)];
						continue;
					}
					double alpha = 0;
					for (int q = 0; q < hw; q++)
						alpha += g[at(i, ch, q, c, hw)];
					alpha /= hw;
					for (int q = 0; q < hw; q++)
						small[q] += (float) (alpha * a[at(i, ch, q, c, hw)]);
				}
				for (int q = 0; q < hw; q++)
					small[q] = Math.max(0f, small[q]);
				Bilinear.resize(small, maps.rows, maps.cols, cam, (from + i) * p.pixels, p.engine.rows, p.engine.cols);
			}
		}
	}

	/** Where value (channel ch, position q) of image i lies in the module's output. */
	private int at(int i, int ch, int q, int c, int hw) {
		return layout == Layout.NHWC ? (i * hw + q) * c + ch : (i * c + ch) * hw + q;
	}
}
