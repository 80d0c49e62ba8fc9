package cnnsandbox.export;

import java.util.ArrayList;
import java.util.List;

import cnnsandbox.model.Architecture;
import cnnsandbox.model.Classifier;

/**
 * What an exporter needs of a trained classifier: the input it takes, the normalisation it applies, its layers input
 * side first, and its classes. The network's input is {@code pixel * scale + offset}, with pixels in [0, 1].
 * <p>
 * {@link #of} describes the two workshop architectures from the classifier's public parameters; when the engine
 * holds a general layer list, this is where that list is translated into {@link Layer}s.
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
	 * The layers of a classifier, exactly as its engine computes them at inference (see model/Network): the CNN is
	 * conv1 3x3 pad 1, ReLU, maxpool 2, conv2 3x3 pad 1, ReLU, maxpool 2, flatten (channel, row, column), dropout
	 * (off), fc1, ReLU, fc2; the MLP is flatten, fc1, ReLU, fc2. Its normalisation is the identity: it takes
	 * pixel / 255 in [0, 1] ({@link Classifier#NORMALISATION}).
	 */
	public static ExportableModel of(Classifier c) {
		List<Layer> layers = new ArrayList<>();
		if (c.architecture() == Architecture.CNN) {
			for (String conv : List.of("conv1", "conv2")) {
				layers.add(Layer.conv(conv, c.parameter(conv + "_W"), c.parameter(conv + "_b"), 1));
				layers.add(Layer.of(Layer.Kind.RELU, conv + "_relu"));
				layers.add(Layer.maxPool(conv + "_pool", 2, 2));
			}
			layers.add(Layer.of(Layer.Kind.FLATTEN, "flatten"));
			layers.add(Layer.of(Layer.Kind.DROPOUT, "dropout"));
		} else
			layers.add(Layer.of(Layer.Kind.FLATTEN, "flatten"));
		layers.add(Layer.dense("fc1", c.parameter("fc1_W"), c.parameter("fc1_b")));
		layers.add(Layer.of(Layer.Kind.RELU, "fc1_relu"));
		layers.add(Layer.dense("fc2", c.parameter("fc2_W"), c.parameter("fc2_b")));
		return new ExportableModel(c.architecture().name().toLowerCase(java.util.Locale.ROOT), c, c.inputRows(), c.inputCols(), 1, 0,
			layers, c.classNames());
	}
}
