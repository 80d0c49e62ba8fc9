package cnnsandbox.export;

import java.util.ArrayList;
import java.util.List;

import cnnsandbox.model.Classifier;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.LayerSpec;

/**
 * What an exporter needs of a trained classifier: the input it takes, the normalisation it applies, its layers input
 * side first, and its classes. The network's input is {@code pixel * scale + offset}, with pixels in [0, 1].
 * <p>
 * {@link #of} translates the classifier's layer list into {@link Layer}s.
 */
public final class ExportableModel {

	/** Names the graph (e.g. "cnn"). */
	public final String name;
	/** The trained classifier behind it (its training record goes into a bioimage.io package); null for a bare layer list. */
	public final Classifier classifier;
	public final int rows, cols, channels = 1;
	/** Network input = pixel * scale + offset, for pixels in [0, 1]. */
	public final double scale, offset;
	public final List<Layer> layers;
	public final List<String> classNames;

	public ExportableModel(String name, Classifier classifier, int rows, int cols, double scale, double offset, List<Layer> layers,
		List<String> classNames) {
		this.name = name;
		this.classifier = classifier;
		this.rows = rows;
		this.cols = cols;
		this.scale = scale;
		this.offset = offset;
		this.layers = List.copyOf(layers);
		this.classNames = List.copyOf(classNames);
	}

	/**
	 * The layers of a classifier, exactly as its engine computes them at inference: its layer list
	 * ({@link LayerList}) translated layer by layer (conv with zero padding K/2, pools with stride = window, dropout
	 * off, a flatten in (channel, row, column) order before the first dense layer). Nodes are named after the conv and
	 * dense layers (conv1, conv1_relu, conv1_pool, ..., fc2). Its normalisation is the identity: it takes pixel / 255
	 * in [0, 1] ({@link Classifier#NORMALISATION}).
	 */
	public static ExportableModel of(Classifier c) {
		LayerList net = c.layers();
		List<Layer> layers = new ArrayList<>();
		java.util.Set<String> names = new java.util.HashSet<>();
		String last = "input";
		boolean flat = false;
		for (int i = 0; i < net.size(); i++) {
			LayerSpec s = net.spec(i);
			String word = s.kind == LayerSpec.Kind.MAXPOOL || s.kind == LayerSpec.Kind.AVGPOOL ? "pool" : s.kind.word;
			String name = s.hasParameters() ? net.name(i) : last + "_" + word;
			if (!names.add(name))
				names.add(name = name + "_" + (i + 1));
			switch (s.kind) {
			case CONV:
				layers.add(Layer.conv(name, c.parameter(name + "_W"), c.parameter(name + "_b"), s.size / 2));
				break;
			case MAXPOOL:
				layers.add(Layer.maxPool(name, s.size, s.size));
				break;
			case AVGPOOL:
				layers.add(Layer.avgPool(name, s.size, s.size));
				break;
			case RELU:
				layers.add(Layer.of(Layer.Kind.RELU, name));
				break;
			case TANH:
				layers.add(Layer.of(Layer.Kind.TANH, name));
				break;
			case SIGMOID:
				layers.add(Layer.of(Layer.Kind.SIGMOID, name));
				break;
			case DROPOUT:
				layers.add(Layer.of(Layer.Kind.DROPOUT, name));
				break;
			case DENSE:
				if (!flat) {
					layers.add(Layer.of(Layer.Kind.FLATTEN, "flatten"));
					flat = true;
				}
				layers.add(Layer.dense(name, c.parameter(name + "_W"), c.parameter(name + "_b")));
				break;
			default:
				throw new IllegalStateException("no export for " + s);
			}
			if (s.hasParameters())
				last = name;
		}
		return new ExportableModel(c.architecture().name().toLowerCase(java.util.Locale.ROOT), c, c.inputRows(), c.inputCols(), 1, 0,
			layers, c.classNames());
	}
}
