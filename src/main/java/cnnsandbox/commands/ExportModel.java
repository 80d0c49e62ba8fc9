package cnnsandbox.commands;

import java.io.File;
import java.io.IOException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.export.ExportFormat;
import cnnsandbox.export.ModelExporter;
import cnnsandbox.files.RegularFiles;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Trainer;

/**
 * Export Model: a model file as ONNX (any runtime, e.g. onnxruntime in Python) or as a bioimage.io model package
 * (deepImageJ, the BioImage Model Zoo, JDLL-based tools). The file is written all-or-nothing.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Export Model", headless = true, label = "Export Model",
	description = "Writes a trained model as ONNX or as a bioimage.io package for deepImageJ and other tools")
public class ExportModel extends SandboxCommand {

	@Parameter(label = "model_file", style = "open", persist = false, description = "a model saved by Train Fashion Classifier")
	private File model_file;

	@Parameter(label = "format", choices = { "ONNX", "bioimage.io" },
		description = "ONNX: one .onnx file; bioimage.io: a model package (.zip) for deepImageJ and the Model Zoo")
	private String format = "ONNX";

	@Parameter(label = "output_file", style = "save", required = false, persist = false,
		description = "the .onnx or .zip to write") // required = false: checked after format, with its own message
	private File output_file;

	@Parameter(label = "message", type = ItemIO.OUTPUT)
	private String message;

	@Override
	public void run() {
		ExportFormat f = ExportFormat.parse(format);
		if (output_file == null || output_file.getPath().isEmpty())
			throw new IllegalArgumentException("output_file is missing: give the " + f.extension + " file to write");
		try {
			if (model_file != null && RegularFiles.sameFile(model_file.toPath(), output_file.toPath()))
				throw new IllegalArgumentException("output_file " + output_file + " is the model_file: exporting over it would destroy "
					+ "the model; choose another output_file");
		}
		catch (IOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
		Classifier model = ModelFiles.load(model_file);
		log.info("Export Model on " + OnceLines.backend(Trainer.backendFor(model.layers(), 1)) + "; model " + model.architecture()
			+ ", format " + f.label);
		Boolean done = runStoppable("Export", "nothing was written", () -> {
			try {
				ModelExporter.export(model, f, output_file.toPath(), status::showStatus, stopRequested());
				return true;
			}
			catch (IOException e) {
				throw new IllegalArgumentException(e.getMessage(), e);
			}
		});
		if (done == null) return;
		message = "Exported " + model.architecture() + " model to " + output_file + " (" + f.label + ")";
		log.info(message);
	}
}
