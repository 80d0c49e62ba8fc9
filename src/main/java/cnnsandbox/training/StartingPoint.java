package cnnsandbox.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerKind;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.LayerSpec;
import cnnsandbox.model.Network;

/**
 * The network and weights a training run starts from: fresh (PyTorch's initialisation, seeded), or a saved model
 * ({@code initial_model}). A saved model trained on the same classes continues as it was, optimiser state
 * included; on other classes its last (dense) layer is replaced by a fresh one with one output per new class and
 * the rest is kept (fine-tuning). Any model file does, trained here or imported.
 */
final class StartingPoint {

	final Architecture architecture;
	final LayerList net;
	final Map<String, INDArray> params;
	/** The saved optimiser state to continue from; null to start it at zero. */
	final OptimizerState optimizerState;
	/** One line for the log ("" when fresh). */
	final String description;

	private StartingPoint(Architecture architecture, LayerList net, Map<String, INDArray> params, OptimizerState state,
		String description) {
		this.architecture = architecture;
		this.net = net;
		this.params = params;
		this.optimizerState = state;
		this.description = description;
	}

	static StartingPoint fresh(TrainingSettings s, LayerList net) {
		return new StartingPoint(s.architecture, net, Network.initParams(net, s.seed), null, "");
	}

	/**
	 * @throws IllegalArgumentException naming initial_model: images of another size or channel count, or other classes and a last
	 *             layer that is not dense
	 */
	static StartingPoint from(Classifier model, LabeledImages train, long seed) {
		if (model.inputRows() != train.rows || model.inputCols() != train.cols)
			throw new IllegalArgumentException("initial_model takes images of " + model.inputRows() + " x " + model.inputCols()
				+ ", the training images are " + train.rows + " x " + train.cols + ": set input_size=" + model.inputRows()
				+ (model.inputRows() == model.inputCols() ? "" : " (or fit the images to " + model.inputRows() + " x " + model.inputCols() + ")"));
		if (model.inputChannels() != train.channels)
			throw new IllegalArgumentException("initial_model takes images of " + model.inputChannels() + " channel(s), the training images have "
				+ train.channels + ": set channels=" + (model.inputChannels() == 3 ? "color" : "grey") + " or give images of "
				+ model.inputChannels() + " channel(s)");
		if (model.classNames().equals(train.classNames))
			return new StartingPoint(model.architecture(), model.layers(), model.params(), model.optimizerState(),
				"continues the model's training (same classes: " + String.join(", ", model.classNames()) + ")");
		List<LayerSpec> specs = new ArrayList<>(model.layers().specs());
		LayerSpec last = specs.get(specs.size() - 1);
		if (last.kind != LayerKind.DENSE)
			throw new IllegalArgumentException("initial_model's classes (" + String.join(", ", model.classNames()) + ") differ from the data's ("
				+ String.join(", ", train.classNames) + ") and its last layer is " + last + ", not a dense layer that could be replaced: "
				+ "give data with the model's classes, or a model that ends with a dense layer");
		specs.set(specs.size() - 1, LayerSpec.dense(train.classes()));
		LayerList net = LayerList.of(specs, train.channels, train.rows, train.cols, train.classes());
		String lastName = net.name(net.size() - 1);
		Map<String, INDArray> fresh = Network.initParams(net, seed), params = new LinkedHashMap<>();
		for (String name : net.paramShapes().keySet())
			params.put(name, name.startsWith(lastName + "_") ? fresh.get(name) : model.parameter(name));
		return new StartingPoint(model.architecture(), net, params, null, "fine-tunes the model: its last layer " + lastName + " ("
			+ model.classNames().size() + " classes) replaced by a fresh one for the data's " + train.classes() + " classes, the rest kept");
	}

	/** {@code s} with this network's description (model, hidden, layers), for the trained model's record. */
	TrainingSettings describe(TrainingSettings s) {
		TrainingSettings c = s.copy();
		c.architecture = architecture;
		if (architecture == Architecture.CUSTOM)
			c.layers = net.specs();
		for (LayerSpec l : net.specs())
			if (l.kind == LayerKind.DENSE) {
				c.hidden = l.units;
				break;
			}
		return c;
	}
}
