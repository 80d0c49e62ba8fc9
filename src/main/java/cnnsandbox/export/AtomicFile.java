package cnnsandbox.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file all-or-nothing: into a temporary file beside it, renamed over it at the end, removed on failure. */
final class AtomicFile {

	interface Writer {
		void write(OutputStream out) throws IOException;
	}

	private AtomicFile() {}

	static void write(Path file, Writer writer) throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		if (dir != null && !Files.isDirectory(dir))
			throw new IOException("cannot write " + file + ": folder " + dir + " does not exist (create it first)");
		if (Files.isDirectory(file))
			throw new IOException("cannot write " + file + ": it is a folder");
		Path tmp;
		try {
			// createFile, not createTempFile: the export is for sharing, so it gets the user's usual permissions
			// (umask), where a temporary file would keep owner-only rw-------
			tmp = Files.createFile(dir.resolve("." + file.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp"));
		} catch (IOException e) {
			throw new IOException("cannot write " + file + " (folder " + dir + " is not writable)", e);
		}
		try {
			try (OutputStream out = Files.newOutputStream(tmp)) {
				writer.write(out);
			}
			try {
				Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
	}
}
