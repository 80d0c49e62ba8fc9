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
 * <p>
 * A file the command saves elsewhere (the model) joins the set with {@link #stage}: it is renamed over its target
 * with the outputs, so a failure to write any output (a full disk) leaves the earlier model in place.
 */
public final class OutputSet implements AutoCloseable {

	/** Writes one output to the given (temporary) path. */
	public interface Writer {
		void write(Path file) throws IOException;
	}

	private final Path dir;
	private final List<Path[]> pending = new ArrayList<>(); // {tmp, target}
	private final List<String> whats = new ArrayList<>(); // what each pending file is for the user
	private final List<Path[]> staged = new ArrayList<>(); // {tmp, target} outside the folder, renamed last
	private final List<String> stagedWhats = new ArrayList<>();
	private final List<Path> outputTargets = new ArrayList<>(); // every output file of the run, from check()
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
		for (String name : fileNames) {
			RegularFiles.requireReplaceable(dir.resolve(name), "output");
			outputTargets.add(dir.resolve(name));
		}
	}

	/**
	 * Refuses a file the command would save ({@code what}: "model_file") that is one of the outputs of this run:
	 * one would overwrite the other. Call after {@link #check}, before the work starts.
	 */
	public void checkNotAnOutput(Path file, String what) throws IOException {
		for (Path output : outputTargets)
			if (RegularFiles.sameFile(file, output))
				throw new IOException(what + " " + file + " is also the output '" + output.getFileName() + "' of this run: choose another "
					+ what + " or --output folder");
	}

	/**
	 * Writes a file saved outside the output folder (the model, {@code what} its key) to a temporary file beside
	 * {@code file}; it replaces {@code file} only at {@link #commit()}, with the outputs. A symbolic link is written
	 * through (see {@link TempFiles#target}).
	 */
	public Path stage(Path file, String what, TempFiles.StreamWriter writer) throws IOException {
		Path target = TempFiles.target(file);
		requireNew(target, what);
		createFolders(target.toAbsolutePath().getParent());
		Path tmp;
		try {
			tmp = TempFiles.stage(target, writer);
		}
		catch (IOException e) {
			throw failed(what + " " + target, e);
		}
		staged.add(new Path[] { tmp, target });
		stagedWhats.add(what);
		return target;
	}

	private void requireNew(Path target, String what) throws IOException {
		for (int i = 0; i < pending.size(); i++)
			if (RegularFiles.sameFile(pending.get(i)[1], target))
				throw new IOException(what + " " + target + " is also the " + whats.get(i) + " of this run: choose another name");
		for (int i = 0; i < staged.size(); i++)
			if (RegularFiles.sameFile(staged.get(i)[1], target))
				throw new IOException(what + " " + target + " is also the " + stagedWhats.get(i) + " of this run: choose another name");
	}


	/** Writes {@code fileName} to a temporary file in the folder; it becomes the output at {@link #commit()}. */
	public Path write(String fileName, Writer writer) throws IOException {
		createFolders(dir);
		Path target = dir.resolve(fileName);
		RegularFiles.requireReplaceable(target, "output");
		requireNew(target, "output '" + fileName + "'");
		int dot = fileName.lastIndexOf('.');
		Path tmp = TempFiles.create(dir, ".partial-", dot < 0 ? "" : fileName.substring(dot));
		pending.add(new Path[] { tmp, target });
		whats.add("output '" + fileName + "'");
		try {
			writer.write(tmp);
		}
		catch (IOException e) {
			throw failed(target.toString(), e);
		}
		if (Files.size(tmp) == 0) throw new IOException("could not write " + target);
		return target;
	}

	/** Renames every temporary file over its target; on a failure, the targets renamed so far are put back. */
	public List<Path> commit() throws IOException {
		List<Path[]> all = new ArrayList<>(pending);
		all.addAll(staged); // the model last: replaced only once every output is in place
		List<Path[]> backups = new ArrayList<>(); // {backup or null, target}
		try {
			for (Path[] p : all) {
				if (Files.isRegularFile(p[1]))
					backups.add(new Path[] { TempFiles.link(p[1].toAbsolutePath().getParent(), ".earlier-", p[1]), p[1] });
				else backups.add(new Path[] { null, p[1] });
			}
			int done = 0;
			try {
				for (Path[] p : all) {
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
			for (Path[] p : all) targets.add(p[1]);
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
		for (Path[] p : staged) TempFiles.delete(p[0]);
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

	/**
	 * A write failure that names the file and what to do: the file system says only "No space left on device" or
	 * "Input/output error".
	 */
	static IOException failed(String file, IOException e) {
		String m = String.valueOf(e.getMessage());
		if (m.contains(file)) return e;
		String todo = m.contains("No space") || m.contains("quota") ? ": free some space, or choose another folder"
			: m.contains("Input/output") ? ": check the disk (or network folder), or choose another folder" : "";
		return new IOException("could not write " + file + ": " + m + todo, e);
	}

	private void createFolders(Path folder) throws IOException {
		if (Files.isDirectory(folder)) return;
		List<Path> missing = new ArrayList<>();
		for (Path p = folder.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) missing.add(0, p);
		for (Path p : missing) {
			TempFiles.createdFolder(p);
			createdFolders.add(p);
			Files.createDirectory(p);
		}
	}
}
