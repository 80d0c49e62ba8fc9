package cnnsandbox.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Only regular files are read or replaced. Opening a FIFO blocks until a writer appears (forever, in a batch job),
 * a device node reads without end, and replacing one as root destroys it: such paths get one line instead.
 */
public final class RegularFiles {

	private RegularFiles() {}

	/**
	 * Checks that {@code file} exists and is a regular file (symbolic links followed) before anything opens it.
	 *
	 * @param what what the file is for the user ("model_file", "input image"), named in the message
	 * @throws NoSuchFileException if it does not exist
	 * @throws IOException naming {@code what} and the file if it is a folder, a FIFO, a device or a socket
	 */
	public static void requireReadable(Path file, String what) throws IOException {
		BasicFileAttributes a;
		try {
			a = Files.readAttributes(file, BasicFileAttributes.class);
		}
		catch (NoSuchFileException e) {
			throw new NoSuchFileException(file.toString(), null, what + " not found");
		}
		if (!a.isRegularFile()) throw new IOException(what + " " + file + " is " + kind(a) + ", not a regular file");
	}

	/**
	 * Checks that {@code target} may be replaced: it does not exist, or it is a regular file; and that its folder, if
	 * it exists, is a folder we can write into.
	 */
	public static void requireReplaceable(Path target, String what) throws IOException {
		if (Files.exists(target) || Files.isSymbolicLink(target)) {
			BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class);
			if (!a.isRegularFile())
				throw new IOException(what + " " + target + " is " + kind(a) + ": only a regular file can be replaced");
			if (!Files.isWritable(target)) throw new IOException(what + " " + target + " exists and is not writable");
		}
		Path dir = target.toAbsolutePath().getParent();
		if (dir != null && Files.exists(dir)) {
			if (!Files.isDirectory(dir)) throw new IOException(what + " " + target + ": " + dir + " is a file, not a folder");
			if (!Files.isWritable(dir)) throw new IOException(what + " " + target + ": folder " + dir + " is not writable");
		}
	}

	/**
	 * The text of a small file that must be UTF-8: a regular file (not a FIFO, which blocks, nor /dev/zero, which
	 * never ends) of at most {@code maxBytes}, decoded strictly. Every refusal names {@code what}, the file and what
	 * to do.
	 */
	public static String readSmallText(Path file, String what, int maxBytes) throws IOException {
		requireReadable(file, what);
		byte[] bytes;
		try (InputStream in = Files.newInputStream(file)) {
			bytes = in.readNBytes(maxBytes + 1);
		}
		if (bytes.length > maxBytes)
			throw new IOException(what + " " + file + " is too large (over " + maxBytes / 1024 + " KB): is it the right file?");
		try {
			return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException e) {
			throw new IOException(what + " " + file + " is not UTF-8 text: save it as UTF-8", e);
		}
	}

	/** The same path, the same file through a link, or the same name in one folder reached two ways. */
	public static boolean sameFile(Path a, Path b) throws IOException {
		Path x = a.toAbsolutePath().normalize(), y = b.toAbsolutePath().normalize();
		if (x.equals(y)) return true;
		if (Files.exists(x) && Files.exists(y)) return Files.isSameFile(x, y);
		Path px = x.getParent(), py = y.getParent(); // a folder reached two ways, the files not there yet
		return px != null && py != null && x.getFileName().equals(y.getFileName()) && Files.exists(px) && Files.exists(py)
			&& Files.isSameFile(px, py);
	}

	/** "a folder", "a FIFO or device", as a user would name it. */
	static String kind(BasicFileAttributes a) {
		if (a.isDirectory()) return "a folder";
		if (a.isOther()) return "a FIFO, device or socket";
		if (a.isSymbolicLink()) return "a symbolic link";
		return "not a regular file";
	}
}
