package cnnsandbox.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The output files of one run, all or nothing: each is written to a temporary file beside its target, and only when
 * every one was written are they renamed over their targets. A failure while renaming puts back the earlier files
 * (kept as hard links until then). The folder is created only when the first file is written, and removed again if
 * the run fails or is interrupted before it holds anything.
 */
public final class OutputSet implements AutoCloseable {

	/** Writes one output to the given (temporary) path. */
	public interface Writer {
		void write(Path file) throws IOException;
	}

	private final Path dir;
	private final List<Path[]> pending = new ArrayList<>(); // {tmp, target}
	private final List<Path> createdFolders = new ArrayList<>();
	private boolean committed;

	public OutputSet(Path dir) {
		this.dir = dir;
	}

	/**
	 * Checks, before the work starts, that the folder is or can be a folder we write into, and that each of
	 * {@code fileNames} is absent or a regular file we may replace.
	 */
	public void check(List<String> fileNames) throws IOException {
		Path existing = dir.toAbsolutePath();
		while (existing != null && !Files.exists(existing)) {
			if (Files.isSymbolicLink(existing)) throw new IOException("output folder " + dir + ": " + existing + " is a broken link");
			existing = existing.getParent();
		}
		if (existing == null) throw new IOException("output folder " + dir + " cannot be created");
		if (!Files.isDirectory(existing))
			throw new IOException("output folder " + dir + ": " + existing + " is a file, not a folder");
		if (!Files.isWritable(existing))
			throw new IOException("output folder " + dir + ": " + existing + " is not writable");
		for (String name : fileNames) RegularFiles.requireReplaceable(dir.resolve(name), "output");
	}

	/** Writes {@code fileName} to a temporary file in the folder; it becomes the output at {@link #commit()}. */
	public Path write(String fileName, Writer writer) throws IOException {
		createFolder();
		Path target = dir.resolve(fileName);
		RegularFiles.requireReplaceable(target, "output");
		int dot = fileName.lastIndexOf('.');
		Path tmp = TempFiles.create(dir, ".partial-", dot < 0 ? "" : fileName.substring(dot));
		pending.add(new Path[] { tmp, target });
		writer.write(tmp);
		if (Files.size(tmp) == 0) throw new IOException("could not write " + target);
		return target;
	}

	/** Renames every temporary file over its target; on a failure, the targets renamed so far are put back. */
	public List<Path> commit() throws IOException {
		List<Path[]> backups = new ArrayList<>(); // {backup or null, target}
		try {
			for (Path[] p : pending) {
				if (Files.isRegularFile(p[1])) backups.add(new Path[] { TempFiles.link(dir, ".earlier-", p[1]), p[1] });
				else backups.add(new Path[] { null, p[1] });
			}
			int done = 0;
			try {
				for (Path[] p : pending) {
					TempFiles.commit(p[0], p[1]);
					done++;
				}
			}
			catch (IOException | RuntimeException e) {
				for (int i = 0; i < done; i++) {
					Path[] b = backups.get(i);
					if (b[0] != null) TempFiles.commit(b[0], b[1]);
					else Files.deleteIfExists(b[1]);
				}
				throw e;
			}
			committed = true;
			for (Path f : createdFolders) TempFiles.keep(f);
			List<Path> targets = new ArrayList<>();
			for (Path[] p : pending) targets.add(p[1]);
			return targets;
		}
		finally {
			for (Path[] b : backups) if (b[0] != null) TempFiles.delete(b[0]);
		}
	}

	/** Deletes what was not committed, and the folders created for it. */
	@Override
	public void close() {
		for (Path[] p : pending) TempFiles.delete(p[0]);
		if (committed) return;
		for (int i = createdFolders.size() - 1; i >= 0; i--) {
			try {
				Files.deleteIfExists(createdFolders.get(i));
			}
			catch (IOException e) {
				// not empty: it was not ours alone
			}
			TempFiles.keep(createdFolders.get(i));
		}
	}

	private void createFolder() throws IOException {
		if (Files.isDirectory(dir)) return;
		List<Path> missing = new ArrayList<>();
		for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) missing.add(0, p);
		for (Path p : missing) {
			TempFiles.createdFolder(p);
			createdFolders.add(p);
			Files.createDirectory(p);
		}
	}
}
