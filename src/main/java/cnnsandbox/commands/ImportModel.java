package cnnsandbox.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.classify.InputPreparation;
import cnnsandbox.files.RegularFiles;
import cnnsandbox.importer.BioimageioModel;
import cnnsandbox.importer.OnnxImporter;
import cnnsandbox.modelfile.ModelFile;
import cnnsandbox.options.Options;
import cnnsandbox.training.Classifier;

/**
 * Import Model: an ONNX classifier (from PyTorch's torch.onnx.export, another exporter, or Export Model) becomes a
 * sandbox model file, its graph translated into a layer list and weights ({@link OnnxImporter}), so that Classify
 * Image, Show Filters, Show Activations, Visualize Neuron and training take it.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Import Model", headless = true, label = "Import Model",
	description = "Brings in an ONNX classifier (e.g. from PyTorch) as a model file that every CNN Sandbox command takes")
public class ImportModel extends SandboxCommand {

	@Parameter(label = "input_file", style = "open", persist = false,
		description = "the .onnx file (e.g. from torch.onnx.export), or a bioimage.io package (.zip, or its rdf.yaml) with ONNX weights")
	private File input_file;

	@Parameter(label = "output_file", style = "save", required = false, persist = false,
		description = "the model file to write (" + ModelFile.EXTENSION + ")") // checked here, with its own message
	private File output_file;

	@Parameter(label = "class_names", required = false, persist = false,
		description = "one name per output, comma-separated, or a text file with one per line; empty: the file's own, else class 0..N-1")
	private String class_names = "";

	@Parameter(label = "scale", required = false, persist = false,
		description = "the model's input is (pixel * scale - mean) / std, pixel in [0, 1]; empty: the package's preprocessing, else 1")
	private String scale = "";

	@Parameter(label = "mean", required = false, persist = false, description = "see scale; empty: the package's, else 0")
	private String mean = "";

	@Parameter(label = "std", required = false, persist = false, description = "see scale; empty: the package's, else 1")
	private String std = "";

	@Parameter
	private SavedFiles savedFiles;

	@Parameter(label = "message", type = ItemIO.OUTPUT)
	private String message;

	@Override
	public void run() {
		if (input_file == null || input_file.getPath().isEmpty())
			throw new IllegalArgumentException("input_file is missing: give the .onnx file to import");
		if (output_file == null || output_file.getPath().isEmpty())
			throw new IllegalArgumentException("output_file is missing: give the " + ModelFile.EXTENSION + " file to write");
		try {
			ModelFile.checkSaveTarget(output_file.toPath()); // before reading: a bad target wastes nothing
			InputPreparation given = given();
			Classifier model;
			if (BioimageioModel.isPackage(input_file.toPath())) {
				try (BioimageioModel pkg = BioimageioModel.open(input_file.toPath())) {
					model = OnnxImporter.read(pkg.onnx, names(), pkg.channelNames).withInputPreparation(given != null ? given : pkg.preparation);
				}
			}
			else model = OnnxImporter.read(input_file.toPath(), names()).withInputPreparation(given != null ? given : InputPreparation.IDENTITY);
			Path saved = savedFiles.save(output_file.toPath(), "output_file", out -> ModelFile.write(model, out));
			message = "Imported " + input_file + " as [" + model.layers().text() + "] on " + model.inputCols() + " x " + model.inputRows()
				+ ", " + model.classNames().size() + " classes (" + String.join(", ", model.classNames()) + "), input "
				+ model.inputPreparation() + "; saved to " + saved;
			log.info(message);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
	}

	/** scale, mean and std as given (the others at 1, 0, 1); null when all three are empty. */
	private InputPreparation given() {
		if (blank(scale) && blank(mean) && blank(std)) return null;
		return InputPreparation.of(blank(scale) ? 1 : Options.number("scale", scale), blank(mean) ? 0 : Options.number("mean", mean),
			blank(std) ? 1 : Options.number("std", std));
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}

	/** class_names as given: a comma list, or a file of one name per line; null when empty. */
	private List<String> names() throws IOException {
		String t = class_names == null ? "" : class_names.trim();
		if (t.isEmpty())
			return null;
		List<String> names = new ArrayList<>();
		Path file = Path.of(t.replaceFirst("^\\[(.*)\\]$", "$1"));
		if (!t.contains(",") && java.nio.file.Files.isRegularFile(file)) {
			for (String line : RegularFiles.readSmallText(file, "class_names", 128 << 10).split("\\R"))
				if (!line.isBlank())
					names.add(line.trim());
		} else
			for (String n : t.replaceFirst("^\\[(.*)\\]$", "$1").split(",", -1))
				names.add(n.trim());
		return names;
	}
}
