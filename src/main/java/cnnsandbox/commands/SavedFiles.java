package cnnsandbox.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

import cnnsandbox.files.OutputSet;
import cnnsandbox.files.TempFiles;

/**
 * Files a command saves besides its outputs (the model of Train Fashion Classifier). In Fiji each is written
 * all-or-nothing at once; while a host writes the outputs of the run as one set (the CLI's {@code --output}), it
 * joins that set and replaces its file only when every output was written (issue 24: a full output disk had
 * replaced a good model, then failed).
 */
@Plugin(type = Service.class)
public class SavedFiles extends AbstractService implements SciJavaService {

	private OutputSet outputs;

	/** From now on, saved files join {@code set} (null: written at once again). */
	public void joinOutputs(OutputSet set) {
		outputs = set;
	}

	/**
	 * Saves {@code file} ({@code what}: its key), through a symbolic link to the file it names; returns the file
	 * written (or to be written, with the outputs).
	 */
	public Path save(Path file, String what, TempFiles.StreamWriter writer) throws IOException {
		if (outputs != null)
			return outputs.stage(file, what, writer);
		Path target = TempFiles.target(file), dir = target.toAbsolutePath().getParent();
		if (dir != null) Files.createDirectories(dir);
		TempFiles.write(target, writer);
		return target;
	}
}
