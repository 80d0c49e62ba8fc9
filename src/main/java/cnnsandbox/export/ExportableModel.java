package cnnsandbox.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;


import cnnsandbox.training.Classifier;
import cnnsandbox.model.LayerList;

/**
 * What an exporter needs of a trained classifier: the input it takes, the normalisation it applies, its layer list and
 * parameters, and its classes. The network's input is {@code pixel * scale + offset}, with pixels in [0, 1]. Each
 * layer's translation is its {@link cnnsandbox.model.LayerKind}'s.
 */
public final class ExportableModel {

	/** Names the graph (e.g. "cnn"). */
	public final String name;
	/** The trained classifier behind it (its training record goes into a bioimage.io package); null for a bare layer list. */
	public final Classifier classifier;
	/** The input: channels (1 grey, 3 R G B, or a hyperstack's C) x rows x cols, the ONNX input [N, C, H, W]. */
	public final int rows, cols, channels;
	/** Network input = pixel * scale + offset, for pixels in [0, 1]. */
	public final double scale, offset;
	public final LayerList net;
	/** The parameters by name (conv1_W, fc1_b...), in the engine's layouts. */
	public final Map<String, INDArray> params;
	public final List<String> classNames;

	public ExportableModel(String name, Classifier classifier, LayerList net, Map<String, INDArray> params, double scale, double offset,
		List<String> classNames) {
		this.name = name;
		this.classifier = classifier;
		this.rows = net.inputRows();
		this.cols = net.inputCols();
		this.channels = net.inputChannels();
		this.net = net;
		this.params = Map.copyOf(params);
		this.scale = scale;
		this.offset = offset;
		this.classNames = List.copyOf(classNames);
	}

	/**
	 * A classifier as its engine computes it at inference (dropout off). Its normalisation is the identity: it takes
	 * pixel / 255 in [0, 1] ({@link Classifier#NORMALISATION}).
	 */
	public static ExportableModel of(Classifier c) {
		Map<String, INDArray> params = new LinkedHashMap<>();
		for (String p : c.layers().paramShapes().keySet())
			params.put(p, c.parameter(p));
		return new ExportableModel(c.architecture().name().toLowerCase(Locale.ROOT), c, c.layers(), params, 1, 0, c.classNames());
	}
}
