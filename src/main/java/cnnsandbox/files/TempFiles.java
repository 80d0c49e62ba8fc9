package cnnsandbox.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary files that become outputs by a rename: created beside their target (so the rename is atomic), with the
 * default permissions (the umask applies, as for any file a tool writes for its user; {@code Files.createTempFile}
 * would make them 0600), and registered so that a shutdown hook deletes them on Ctrl-C or TERM: the JVM runs
 * shutdown hooks on SIGINT and SIGTERM.
 * <p>
 * A {@code kill -9} runs no hook: 3 of 22 killed saves left a temporary file. So each name carries its writer's
 * process id ({@link #tag}), and the first write of this process into a folder removes the temporary files there
 * whose writer is gone ({@link #removeStale}). A live writer's files, and files not named by this class, stay.
 */
public final class TempFiles {

	private static final Set<Path> LIVE = new LinkedHashSet<>();
	private static final SecureRandom RANDOM = new SecureRandom();
	private static boolean hooked, exiting;

	private TempFiles() {}

	/** Creates an empty file {@code dir/<prefix><tag><random><suffix>} and registers it for deletion at exit. */
	public static Path create(Path dir, String prefix, String suffix) throws IOException {
		removeStale(dir);
		for (int attempt = 0;; attempt++) {
			Path tmp = dir.resolve(prefix + TAG + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
			register(tmp);
			try {
				return Files.createFile(tmp);
			}
			catch (FileAlreadyExistsException e) {
				forget(tmp);
				if (attempt > 100) throw e;
			}
			catch (IOException | RuntimeException e) {
				forget(tmp);
				throw e;
			}
		}
	}

	/**
	 * Registers a folder this program just created, to be removed at exit if it is still empty then (a failed or
	 * interrupted command leaves no empty output folder). {@link #keep} ends that.
	 */
	public static void createdFolder(Path dir) throws IOException {
		register(dir);
	}

	/** Creates a hard link {@code dir/<prefix><random>} to {@code existing}, registered for deletion at exit. */
	public static Path link(Path dir, String prefix, Path existing) throws IOException {
		removeStale(dir);
		for (int attempt = 0;; attempt++) {
			Path link = dir.resolve(prefix + TAG + Long.toUnsignedString(RANDOM.nextLong(), 36));
			register(link);
			try {
				return Files.createLink(link, existing);
			}
			catch (FileAlreadyExistsException e) {
				forget(link);
				if (attempt > 100) throw e;
			}
			catch (IOException | RuntimeException e) {
				forget(link);
				throw e;
			}
		}
	}

	/** Stops tracking {@code path}: it is an output now. */
	public static void keep(Path path) {
		forget(path);
	}

	/** Writes an output's bytes to a stream. */
	public interface StreamWriter {
		void write(OutputStream out) throws IOException;
	}

	/**
	 * Writes {@code file} all-or-nothing: into a temporary file beside it, renamed over it at the end, deleted if
	 * {@code writer} fails (or on Ctrl-C / TERM). The caller checks beforehand that {@code file} may be replaced.
	 */
	public static void write(Path file, StreamWriter writer) throws IOException {
		Path target = target(file), tmp = stage(target, writer);
		try {
			commit(tmp, target);
		}
		finally {
			delete(tmp);
		}
	}

	/**
	 * Writes a temporary file beside {@code target} (a path from {@link #target}) that {@link #commit} later renames
	 * over it; deleted if {@code writer} fails.
	 */
	public static Path stage(Path target, StreamWriter writer) throws IOException {
		Path tmp = create(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".tmp");
		try {
			try (OutputStream out = Files.newOutputStream(tmp)) {
				writer.write(out);
			}
			return tmp;
		}
		catch (IOException | RuntimeException | Error e) {
			delete(tmp);
			throw e;
		}
	}

	/**
	 * The file that writing {@code file} replaces: {@code file} itself, or, for a symbolic link, the file it points
	 * to (written through the link, which stays a link). A link to nothing is refused: where to write is unclear.
	 */
	public static Path target(Path file) throws IOException {
		if (!Files.isSymbolicLink(file)) return file;
		if (!Files.exists(file))
			throw new IOException(file + " is a link to " + Files.readSymbolicLink(file) + ", which does not exist: give the file itself, or remove the link");
		return file.toRealPath();
	}

	/** The part of a temporary file's name that names its writer: {@code ~<pid>~}. */
	public static String tag(long pid) {
		return "~" + pid + "~";
	}

	private static final String TAG = tag(ProcessHandle.current().pid());
	/** A temporary name of this class: a dot, then anything, the writer's tag, the random part, an optional suffix. */
	private static final Pattern OURS = Pattern.compile("\\..*~(\\d{1,19})~[0-9a-z]{1,13}(\\.[^~]*)?");
	private static final Set<Path> SWEPT = new HashSet<>();

	/**
	 * Deletes the temporary files in {@code dir} whose writer process is gone (killed before it could clean up), once
	 * per folder and process. A process id in use again by another program keeps its files: never too much removed.
	 */
	static void removeStale(Path dir) {
		Path key = dir.toAbsolutePath().normalize();
		synchronized (SWEPT) {
			if (!SWEPT.add(key)) return;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(key, ".*~*~*")) {
			for (Path f : files) {
				Matcher m = OURS.matcher(f.getFileName().toString());
				if (!m.matches()) continue;
				long pid;
				try {
					pid = Long.parseLong(m.group(1));
				}
				catch (NumberFormatException e) {
					continue;
				}
				if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).isPresent()) continue;
				try {
					if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) Files.deleteIfExists(f);
				}
				catch (IOException e) {
					// not ours to force: another user's folder, or a file system that refuses
				}
			}
		}
		catch (IOException | RuntimeException e) {
			// a folder we cannot list: the write itself will say what is wrong
		}
	}

	/** Renames {@code tmp} to {@code target} (atomically where the file system can), then stops tracking it. */
	public static void commit(Path tmp, Path target) throws IOException {
		try {
			Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
		}
		forget(tmp);
	}

	/** Deletes {@code tmp} if it is still there, and stops tracking it. */
	public static void delete(Path tmp) {
		try {
			Files.deleteIfExists(tmp);
		}
		catch (IOException e) {
			// best effort: the shutdown hook tries again
			return;
		}
		forget(tmp);
	}

	/** Files created and neither committed nor deleted yet (for tests). */
	public static Set<Path> live() {
		synchronized (LIVE) {
			return Set.copyOf(LIVE);
		}
	}

	private static void register(Path path) throws IllegalStateException {
		synchronized (LIVE) {
			if (exiting) throw new IllegalStateException("not creating " + path + ": the program is exiting");
			if (!hooked) {
				Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "delete temporary files"));
				hooked = true;
			}
			LIVE.add(path);
		}
	}

	private static void forget(Path tmp) {
		synchronized (LIVE) {
			LIVE.remove(tmp);
		}
	}

	/**
	 * The shutdown hook. Other threads keep running while it does: a writer that opens its temporary file by name
	 * (ImageJ's FileSaver does) just after the first pass creates it again, and SignalsIT caught such a file left
	 * behind. So the hook deletes again for a short grace period; no new temporary file can be registered once it
	 * has started, and a writer that had the file open before a pass writes into an unlinked file.
	 */
	private static void deleteAll() {
		Path[] paths;
		synchronized (LIVE) {
			exiting = true;
			paths = LIVE.toArray(new Path[0]);
		}
		if (paths.length == 0)
			return;
		for (int pass = 0; pass < EXIT_PASSES; pass++) {
			if (pass > 0) {
				try {
					Thread.sleep(EXIT_PASS_MILLIS);
				}
				catch (InterruptedException e) {
					return;
				}
			}
			for (int i = paths.length - 1; i >= 0; i--) { // newest first: files before the folders they are in
				try {
					Files.deleteIfExists(paths[i]);
				}
				catch (IOException e) {
					// nothing more can be done while the JVM exits
				}
			}
		}
	}

	/** Deletion passes at exit, this far apart: 0.5 s in all, only when temporary files were live. */
	private static final int EXIT_PASSES = 11, EXIT_PASS_MILLIS = 50;
}
