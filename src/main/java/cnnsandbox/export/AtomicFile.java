package cnnsandbox.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import cnnsandbox.files.RegularFiles;
import cnnsandbox.files.TempFiles;

/**
 * Writes an export all-or-nothing: into a temporary file beside it (the user's usual permissions, deleted on failure,
 * cancel or Ctrl-C), renamed over it at the end. It replaces only an earlier export of the same format, never a
 * folder, a device or another kind of file (a typo in output_file must not destroy a document).
 */
final class AtomicFile {

	static final String KEY = "output_file";

	private AtomicFile() {}

	static void write(Path file, ExportFormat format, TempFiles.StreamWriter writer) throws IOException {
		checkTarget(file, format);
		TempFiles.write(file, writer);
	}

	static void checkTarget(Path file, ExportFormat format) throws IOException {
		RegularFiles.requireReplaceable(file, KEY);
		Path dir = file.toAbsolutePath().getParent();
		if (dir != null && !Files.isDirectory(dir))
			throw new IOException(KEY + " " + file + ": folder " + dir + " does not exist (create it first)");
		if (Files.isRegularFile(file) && Files.size(file) > 0 && !isEarlierExport(file, format))
			throw new IOException(KEY + " " + file + " exists and is not " + (format == ExportFormat.ONNX ? "an .onnx file" : "a zip")
				+ ": not replacing it (choose another name, or delete it)");
	}

	/** A zip for a package (its "PK" signature); for ONNX (protobuf has no signature) a name ending in .onnx. */
	private static boolean isEarlierExport(Path file, ExportFormat format) throws IOException {
		if (format == ExportFormat.ONNX)
			return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
		return RegularFiles.startsLikeZip(file);
	}
}
