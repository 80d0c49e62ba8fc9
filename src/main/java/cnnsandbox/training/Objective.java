package cnnsandbox.training;

/**
 * What activation maximisation maximises: the log-probability of a class, or the activation of one unit of a layer
 * (a dense unit's pre-activation output, or the mean pre-activation output of a conv channel).
 */
public final class Objective {

	/** null for a class objective. */
	public final String layer;
	/** The class, or the unit / channel of the layer. */
	public final int index;

	private Objective(String layer, int index) {
		this.layer = layer;
		this.index = index;
	}

	/** Maximise log p(class c | image). */
	public static Objective classLogProbability(int c) {
		return new Objective(null, c);
	}

	/** Maximise unit u of layer (dense unit, or mean of conv channel u). */
	public static Objective unit(String layer, int u) {
		if (layer == null)
			throw new IllegalArgumentException("layer is null");
		return new Objective(layer, u);
	}

	public boolean isClass() {
		return layer == null;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Objective && ((Objective) o).index == index && java.util.Objects.equals(((Objective) o).layer, layer);
	}

	@Override
	public int hashCode() {
		return java.util.Objects.hash(layer, index);
	}

	@Override
	public String toString() {
		return isClass() ? "log p(class " + index + ")" : layer + " unit " + index;
	}
}
