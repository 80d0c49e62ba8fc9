package cnnsandbox.ij1;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

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
	private final List<String> layers;

	private ModelChoices(List<String> classes, List<String> layers) {
		this.classes = classes;
		this.layers = layers;
	}

	/** The lists of the model at {@code path}; null when there is none or it cannot be read (then the fields stay text). */
	static ModelChoices of(String path) {
		if (path == null || path.trim().isEmpty()) return null;
		Path file = Paths.get(path.trim());
		if (!Files.isRegularFile(file)) return null;
		try {
			Classifier model = ModelFile.load(file);
			return new ModelChoices(model.classNames(), model.layerNames());
		}
		catch (Exception | LinkageError e) {
			return null; // the command will say what is wrong with the model once it runs
		}
	}

	/** The list for {@code key}, or null if the key is not one of a model's classes or layers. */
	String[] choicesFor(String key) {
		if (CLASS_KEYS.contains(key)) {
			List<String> c = new ArrayList<>();
			if ("target_class".equals(key)) c.add("all");
			c.addAll(classes);
			return c.toArray(new String[0]);
		}
		if ("layer".equals(key)) return layers.toArray(new String[0]);
		return null;
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
