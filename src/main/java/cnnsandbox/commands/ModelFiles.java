package cnnsandbox.commands;

import java.io.File;
import java.io.IOException;

import cnnsandbox.model.Classifier;
import cnnsandbox.model.ModelFile;

/** Loading the model a command was given, with the one message every command uses when it is missing or bad. */
final class ModelFiles {

	private ModelFiles() {}

	static Classifier load(File file) {
		if (file == null || file.getPath().isEmpty()) {
			throw new IllegalArgumentException("model_file is missing: give a model saved by Train Fashion Classifier");
		}
		try {
			return ModelFile.load(file.toPath());
		}
		catch (IOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
	}
}
