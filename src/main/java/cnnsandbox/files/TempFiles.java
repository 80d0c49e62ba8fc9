package cnnsandbox.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Temporary files that become outputs by a rename: created beside their target (so the rename is atomic), with the
 * default permissions (the umask applies, as for any file a tool writes for its user; {@code Files.createTempFile}
 * would make them 0600), and registered so that a shutdown hook deletes them on Ctrl-C or TERM: the JVM runs
 * shutdown hooks on SIGINT and SIGTERM.
 */
public final class TempFiles {

	private static final Set<Path> LIVE = new LinkedHashSet<>();
	private static final SecureRandom RANDOM = new SecureRandom();
	private static boolean hooked, exiting;

	private TempFiles() {}

	/** Creates an empty file {@code dir/<prefix><random><suffix>} and registers it for deletion at exit. */
	public static Path create(Path dir, String prefix, String suffix) throws IOException {
		for (int attempt = 0;; attempt++) {
			Path tmp = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
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
		for (int attempt = 0;; attempt++) {
			Path link = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36));
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
		Path tmp = create(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".tmp");
		try {
			try (OutputStream out = Files.newOutputStream(tmp)) {
				writer.write(out);
			}
			commit(tmp, file);
		}
		finally {
			delete(tmp);
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
