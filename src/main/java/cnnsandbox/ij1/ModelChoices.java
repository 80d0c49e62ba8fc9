package cnnsandbox.ij1;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import cnnsandbox.explain.ExplainSettings;
import cnnsandbox.training.Classifier;
import cnnsandbox.modelfile.ModelFile;

/**
 * The dialog's class and layer lists, filled from the model the dialog offers (the last one trained or used), so a
 * user picks "Trouser" from a list instead of typing 1. The keys and the values a macro gives are unchanged: a
 * class is still taken by name or index, a layer by name.
 */
final class ModelChoices {

	/** The keys that name a class of the model. */
	static final List<String> CLASS_KEYS = List.of("true_class", "predicted_class", "target_class");

	private final List<String> classes;
	private final List<String> layers, convLayers;

	private ModelChoices(List<String> classes, List<String> layers, List<String> convLayers) {
		this.classes = classes;
		this.layers = layers;
		this.convLayers = convLayers;
	}

	/** The lists of the model at {@code path}; null when there is none or it cannot be read (then the fields stay text). */
	static ModelChoices of(String path) {
		if (path == null || path.trim().isEmpty()) return null;
		Path file = Paths.get(path.trim());
		if (!Files.isRegularFile(file)) return null;
		try {
			Classifier model = ModelFile.load(file);
			List<String> convs = new ArrayList<>();
			for (int i = 0; i < model.layers().size(); i++)
				if (model.layers().spec(i).kind == cnnsandbox.model.LayerKind.CONV) convs.add(model.layers().name(i));
			return new ModelChoices(model.classNames(), model.layerNames(), convs);
		}
		catch (Exception | LinkageError e) {
			return null; // the command will say what is wrong with the model once it runs
		}
	}

	/**
	 * The list for {@code key}, or null if the key is not one of a model's classes or layers. {@code defaultValue}
	 * tells the commands' keys apart: Explain Classification's {@code layer} (default auto: the last conv layer) lists
	 * auto and the conv layers, Visualize Neuron's every conv and dense layer; its {@code target} (default
	 * predicted) lists predicted and the classes.
	 */
	String[] choicesFor(String key, Object defaultValue) {
		List<String> c = new ArrayList<>();
		if (CLASS_KEYS.contains(key)) {
			if ("target_class".equals(key)) c.add("all");
			c.addAll(classes);
		} else if ("target".equals(key) && "predicted".equals(defaultValue)) {
			c.add("predicted");
			c.addAll(classes);
		} else if ("layer".equals(key) && ExplainSettings.LAST_CONV.equals(defaultValue)) {
			if (convLayers.isEmpty()) return null; // gradcam refuses such a model in one line when it runs
			c.add(ExplainSettings.LAST_CONV);
			c.addAll(convLayers);
		} else if ("layer".equals(key))
			c.addAll(layers);
		else
			return null;
		return c.toArray(new String[0]);
	}

	/** The list entry for a remembered or default value: a class index becomes its name; unknown values the first entry. */
	String selected(String key, String value, String[] choices) {
		String v = value == null ? "" : value.trim();
		if (CLASS_KEYS.contains(key) && v.matches("\\d+")) {
			int i = Integer.parseInt(v);
			if (i < classes.size()) return classes.get(i);
		}
		for (String c : choices) if (c.equalsIgnoreCase(v)) return c;
		return choices[0];
	}
}
