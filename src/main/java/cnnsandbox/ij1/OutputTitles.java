package cnnsandbox.ij1;

import java.io.File;

import org.scijava.module.Module;

import ij.ImagePlus;
import ij.Macro;

/**
 * Window titles of our outputs. From the dialog they carry the input image's or the model's name ("Class
 * Probabilities (shoe.tif)"), so a second run opens beside the first instead of replacing its table or stacking
 * same-named windows. A macro gets the outputs' plain names, which it selects them by ({@code selectImage("Deblurred")},
 * {@code Table.get(..., "Class Probabilities")}): recorded macros replay as they were written.
 */
final class OutputTitles {

	private OutputTitles() {}

	/** {@code name}, with what the run was about when a user (not a macro) ran it. */
	static String of(String name, Module module, ImagePlus source) {
		if (Macro.getOptions() != null || ij.IJ.isMacro())
			return name;
		String about = source != null ? source.getTitle() : modelName(module);
		return about == null || about.isEmpty() ? name : name + " (" + about + ")";
	}

	/** The model file's name without its extension, for the commands that take no image. */
	private static String modelName(Module module) {
		for (String key : new String[] { "model_file", "output_file", "input_file" }) {
			if (module.getInfo().getInput(key) == null)
				continue;
			Object f = module.getInput(key);
			if (f instanceof File && !((File) f).getName().isEmpty())
				return ((File) f).getName().replaceFirst("\\.cnnsandbox\\.zip$", "");
		}
		return null;
	}
}
