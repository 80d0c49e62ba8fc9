package cnnsandbox.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import cnnsandbox.options.Options;

/**
 * One layer of a feed-forward network, as a user writes it in a layer list ({@code conv 32 3}, {@code relu},
 * {@code maxpool 2}, {@code dropout 0.5}, {@code dense 10}...). Immutable; {@link #toString()} gives the syntax back.
 * <p>
 * What each kind computes (the contract an exporter relies on):
 * <ul>
 * <li>{@code conv C K}: 2-D cross-correlation, C output channels, K x K kernel (K odd), stride 1, zero padding K/2 on
 * each side (the size is kept), plus a bias per channel. Weights [K, K, inC, C], bias [C].</li>
 * <li>{@code maxpool S}, {@code avgpool S}: S x S windows, stride S, no padding (the size must be divisible by S).</li>
 * <li>{@code relu}, {@code tanh}, {@code sigmoid}: element-wise.</li>
 * <li>{@code dropout P}: in training, each value is zeroed with probability P and the others scaled by 1/(1-P)
 * (PyTorch's F.dropout); identity at inference.</li>
 * <li>{@code dense N}: flattens its input in (channel, row, column) order (PyTorch's {@code view}) and applies
 * x W + b, weights [inputs, N], bias [N].</li>
 * </ul>
 * The network ends in a log-softmax over the last dense layer's outputs (the class scores); it is implied, never
 * written.
 */
public final class LayerSpec {

	public enum Kind {
		CONV("conv", "conv C K"), MAXPOOL("maxpool", "maxpool S"), AVGPOOL("avgpool", "avgpool S"), RELU("relu", "relu"),
		TANH("tanh", "tanh"), SIGMOID("sigmoid", "sigmoid"), DROPOUT("dropout", "dropout P"), DENSE("dense", "dense N");

		/** The word of the layer list. */
		public final String word;
		/** The syntax, for messages. */
		final String syntax;

		Kind(String word, String syntax) {
			this.word = word;
			this.syntax = syntax;
		}
	}

	/** The syntax of every kind, for messages. */
	static final String SYNTAX = "conv C K, maxpool S, avgpool S, relu, tanh, sigmoid, dropout P, dense N";

	public final Kind kind;
	/** conv: output channels C; dense: units N; else 0. */
	public final int units;
	/** conv: kernel size K; maxpool, avgpool: window and stride S; else 0. */
	public final int size;
	/** dropout: drop probability P; else 0. */
	public final double probability;

	private LayerSpec(Kind kind, int units, int size, double probability) {
		this.kind = kind;
		this.units = units;
		this.size = size;
		this.probability = probability;
	}

	public static LayerSpec conv(int channels, int kernel) {
		return new LayerSpec(Kind.CONV, channels, kernel, 0);
	}

	public static LayerSpec maxpool(int size) {
		return new LayerSpec(Kind.MAXPOOL, 0, size, 0);
	}

	public static LayerSpec avgpool(int size) {
		return new LayerSpec(Kind.AVGPOOL, 0, size, 0);
	}

	public static LayerSpec dropout(double p) {
		return new LayerSpec(Kind.DROPOUT, 0, 0, p);
	}

	public static LayerSpec dense(int units) {
		return new LayerSpec(Kind.DENSE, units, 0, 0);
	}

	public static LayerSpec of(Kind activation) {
		if (!isActivation(activation))
			throw new IllegalArgumentException(activation + " needs arguments");
		return new LayerSpec(activation, 0, 0, 0);
	}

	/** relu, tanh or sigmoid. */
	public boolean isActivation() {
		return isActivation(kind);
	}

	private static boolean isActivation(Kind k) {
		return k == Kind.RELU || k == Kind.TANH || k == Kind.SIGMOID;
	}

	/** conv and dense: the layers with weights, and whose units Visualize Neuron can maximise. */
	public boolean hasParameters() {
		return kind == Kind.CONV || kind == Kind.DENSE;
	}

	/**
	 * Parses a layer list: layers separated by commas, optionally in brackets, words in any case, e.g.
	 * {@code [conv 32 3, relu, maxpool 2, dense 10]}.
	 *
	 * @throws IllegalArgumentException one line starting with {@code layers:}, naming the layer and its position
	 */
	public static List<LayerSpec> parseList(String text) {
		String t = text == null ? "" : text.trim();
		if (t.startsWith("[") && t.endsWith("]"))
			t = t.substring(1, t.length() - 1).trim();
		if (t.isEmpty())
			throw new IllegalArgumentException("layers: the list is empty; give layers such as [conv 32 3, relu, maxpool 2, dense 10]");
		List<LayerSpec> layers = new ArrayList<>();
		String[] items = t.split(",", -1);
		for (int i = 0; i < items.length; i++)
			layers.add(parse(items[i].trim(), i + 1));
		return layers;
	}

	/** One layer, at 1-based position {@code index} (for messages). */
	static LayerSpec parse(String item, int index) {
		// cut: a 120 KB unknown layer name was echoed whole
		String where = "'" + (item.length() > 60 ? item.substring(0, 60) + "..." : item) + "' (layer " + index + ")";
		if (item.isEmpty())
			throw new IllegalArgumentException("layers: layer " + index + " is empty (two commas in a row?)");
		String[] w = item.toLowerCase(Locale.ROOT).split("\\s+");
		Kind kind = null;
		for (Kind k : Kind.values())
			if (k.word.equals(w[0]))
				kind = k;
		if (kind == null)
			throw new IllegalArgumentException("layers: unknown layer " + where + "; layers are " + SYNTAX);
		int args = kind == Kind.CONV ? 2 : isActivation(kind) ? 0 : 1;
		if (w.length - 1 != args)
			throw new IllegalArgumentException("layers: " + where + " must be written '" + kind.syntax + "'"
				+ (args == 0 ? " (no number)" : ""));
		try {
			switch (kind) {
			case CONV: {
				int c = whole(w[1]), k = whole(w[2]);
				if (c < 1 || c > 4096)
					throw new IllegalArgumentException("layers: " + where + " needs 1 to 4096 channels, got " + c);
				if (k < 1 || k > 31 || k % 2 == 0)
					throw new IllegalArgumentException("layers: " + where
						+ " needs an odd kernel size from 1 to 31 (the zero padding K/2 then keeps the size), got " + k);
				return conv(c, k);
			}
			case MAXPOOL:
			case AVGPOOL: {
				int s = whole(w[1]);
				if (s < 1 || s > 1024)
					throw new IllegalArgumentException("layers: " + where + " needs a window size from 1 to 1024, got " + s);
				return kind == Kind.MAXPOOL ? maxpool(s) : avgpool(s);
			}
			case DROPOUT: {
				double p = Options.number("layers", w[1]);
				if (!(p >= 0 && p < 1))
					throw new IllegalArgumentException("layers: " + where + " needs a drop probability >= 0 and < 1, got " + w[1]);
				return dropout(p);
			}
			case DENSE: {
				int n = whole(w[1]);
				if (n < 1 || n > 100_000)
					throw new IllegalArgumentException("layers: " + where + " needs 1 to 100000 units, got " + n);
				return dense(n);
			}
			default:
				return of(kind);
			}
		} catch (IllegalArgumentException e) {
			if (e.getMessage() != null && e.getMessage().startsWith("layers: " + where)) throw e;
			throw new IllegalArgumentException("layers: " + where + " must be written '" + kind.syntax + "' with "
				+ (kind == Kind.DROPOUT ? "a number" : "whole numbers"));
		}
	}

	/** A layer's whole number, in the one grammar of {@link Options#integer}; out of int range counts as malformed. */
	private static int whole(String word) {
		long v = Options.integer("layers", word);
		if (v != (int) v) throw new NumberFormatException(word);
		return (int) v;
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
		switch (kind) {
		case CONV:
			return "conv " + units + " " + size;
		case MAXPOOL:
		case AVGPOOL:
			return kind.word + " " + size;
		case DROPOUT:
			return "dropout " + (probability == Math.rint(probability) ? String.valueOf((int) probability) : String.valueOf(probability));
		case DENSE:
			return "dense " + units;
		default:
			return kind.word;
		}
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
