package cnnsandbox.model;

import java.util.ArrayList;
import java.util.List;

import cnnsandbox.engine.Activation;
import cnnsandbox.engine.Engine;
import cnnsandbox.engine.PlannedLayer;
import cnnsandbox.engine.Shape;
import cnnsandbox.options.WordList;

/**
 * One layer of a feed-forward network, as a user writes it in a layer list ({@code conv 32 3}, {@code relu},
 * {@code maxpool 2}, {@code dropout 0.5}, {@code dense 10}...): its {@link LayerKind} and numbers. Immutable;
 * {@link #toString()} gives the syntax back. What each kind computes, and everything else about it, is in
 * {@link LayerKind}.
 */
public final class LayerSpec implements PlannedLayer {

	public final LayerKind kind;
	/** conv: output channels C; dense: units N; else 0. */
	public final int units;
	/** conv: kernel size K; maxpool, avgpool: window and stride S; else 0. */
	public final int size;
	/** dropout: drop probability P; else 0. */
	public final double probability;
	/** conv: stride and zero padding on each side (1 and K/2 unless written); else 0. */
	public final int stride, padding;
	/** leakyrelu: the slope for negative inputs; else 0. */
	public final double slope;

	private LayerSpec(LayerKind kind, int units, int size, double probability, int stride, int padding) {
		this(kind, units, size, probability, stride, padding, 0);
	}

	private LayerSpec(LayerKind kind, int units, int size, double probability, int stride, int padding, double slope) {
		this.slope = slope;
		this.kind = kind;
		this.units = units;
		this.size = size;
		this.probability = probability;
		this.stride = stride;
		this.padding = padding;
	}

	private LayerSpec(LayerKind kind, int units, int size, double probability) {
		this(kind, units, size, probability, 0, 0);
	}

	/** Stride 1 and zero padding K/2: the size is kept (K odd). */
	public static LayerSpec conv(int channels, int kernel) {
		return conv(channels, kernel, 1, kernel / 2);
	}

	public static LayerSpec conv(int channels, int kernel, int stride, int padding) {
		return new LayerSpec(LayerKind.CONV, channels, kernel, 0, stride, padding);
	}

	public static LayerSpec maxpool(int size) {
		return new LayerSpec(LayerKind.MAXPOOL, 0, size, 0);
	}

	public static LayerSpec avgpool(int size) {
		return new LayerSpec(LayerKind.AVGPOOL, 0, size, 0);
	}

	public static LayerSpec dropout(double p) {
		return new LayerSpec(LayerKind.DROPOUT, 0, 0, p);
	}

	public static LayerSpec leakyrelu(double slope) {
		return new LayerSpec(LayerKind.LEAKYRELU, 0, 0, 0, 0, 0, slope);
	}

	public static LayerSpec dense(int units) {
		return new LayerSpec(LayerKind.DENSE, units, 0, 0);
	}

	/** A layer without numbers: relu, tanh, sigmoid. */
	public static LayerSpec of(LayerKind kind) {
		if (kind.arguments() != 0)
			throw new IllegalArgumentException(kind + " needs arguments");
		return new LayerSpec(kind, 0, 0, 0);
	}

	/** relu, tanh or sigmoid. */
	public boolean isActivation() {
		return kind.activation() != null;
	}

	/** conv and dense: the layers with weights, and whose units Visualize Neuron can maximise. */
	public boolean hasParameters() {
		return kind.hasParameters();
	}

	@Override
	public void plan(Engine.Planner plan, int i, Shape in, Shape out, String name) {
		kind.plan(this, plan, i, in, out, name);
	}

	@Override
	public Activation activation() {
		return kind.activation();
	}

	@Override
	public boolean isMaxPool() {
		return kind == LayerKind.MAXPOOL;
	}

	/**
	 * Parses a layer list: layers separated by commas, optionally in brackets, words in any case, e.g.
	 * {@code [conv 32 3, relu, maxpool 2, dense 10]}.
	 *
	 * @throws IllegalArgumentException one line starting with {@code layers:}, naming the layer and its position
	 */
	public static List<LayerSpec> parseList(String text) {
		List<String> items = WordList.items("layers", "layer", text);
		if (items.isEmpty())
			throw new IllegalArgumentException("layers: the list is empty; give layers such as [conv 32 3, relu, maxpool 2, dense 10]");
		List<LayerSpec> layers = new ArrayList<>();
		for (int i = 0; i < items.size(); i++)
			layers.add(parse(items.get(i), i + 1));
		return layers;
	}

	/** One layer, at 1-based position {@code index} (for messages). */
	static LayerSpec parse(String item, int index) {
		String where = WordList.where(item, "layer", index);
		if (item.isEmpty())
			throw new IllegalArgumentException("layers: layer " + index + " is empty (two commas in a row?)");
		String[] w = WordList.words(item);
		LayerKind kind = LayerKind.of(w[0]);
		if (kind == null)
			throw new IllegalArgumentException("layers: unknown layer " + where + "; layers are " + LayerKind.syntaxes());
		return kind.parseChecked(w, where);
	}

	/** The list as it is written: {@code conv 32 3, relu, ...}. */
	public static String toText(List<LayerSpec> layers) {
		StringBuilder sb = new StringBuilder();
		for (LayerSpec l : layers)
			sb.append(sb.length() == 0 ? "" : ", ").append(l);
		return sb.toString();
	}

	@Override
	public String toString() {
		return kind.text(this);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof LayerSpec && o.toString().equals(toString());
	}

	@Override
	public int hashCode() {
		return toString().hashCode();
	}
}
