package cnnsandbox.commands;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import cnnsandbox.training.Classifier;
import cnnsandbox.modelfile.ModelFile;

/**
 * Loading the model a command was given, with the one message every command uses when it is missing or bad.
 * <p>
 * The last model loaded is kept while its file is unchanged: a batch macro classifying a folder image by image then
 * pays for reading the model and warming up its engine once, not per image.
 */
final class ModelFiles {

	private static Path lastPath;
	private static FileTime lastModified;
	private static Classifier last;

	private ModelFiles() {}

	static synchronized Classifier load(File file) {
		if (file == null || file.getPath().isEmpty()) {
			throw new IllegalArgumentException("model_file is missing: give a model saved by Train Fashion Classifier");
		}
		try {
			Path path = file.toPath().toAbsolutePath().normalize();
			FileTime modified = Files.exists(path) ? Files.getLastModifiedTime(path) : null;
			if (last != null && path.equals(lastPath) && modified != null && modified.equals(lastModified)) return last;
			last = null;
			Classifier model = ModelFile.load(path);
			lastPath = path;
			lastModified = modified;
			last = model;
			return model;
		}
		catch (IOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
	}
}
