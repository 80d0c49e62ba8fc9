package cnnsandbox.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import cnnsandbox.files.MemoryBudget;
import cnnsandbox.files.RegularFiles;

/**
 * Reads the IDX files of MNIST-like datasets (http://yann.lecun.com/exdb/mnist/), gzipped or not.
 * <p>
 * Compression is recognised by the gzip magic bytes (0x1f 0x8b), not by the file name. Every problem is an
 * {@link IOException} whose message names the file and what is wrong with it.
 */
public final class IdxReader {

	/** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
	public static final int IMAGES_MAGIC = 0x00000803;
	/** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
	public static final int LABELS_MAGIC = 0x00000801;

	private IdxReader() {}

	/** Images of an IDX3 file: {@code count} images of {@code rows x cols} unsigned bytes, row-major. */
	public static final class Images {
		public final int count, rows, cols;
		/** count*rows*cols bytes; read them with {@code & 0xff}. */
		public final byte[] data;

		Images(int count, int rows, int cols, byte[] data) {
			this.count = count;
			this.rows = rows;
			this.cols = cols;
			this.data = data;
		}
	}

	/**
	 * Reads up to {@code limit} images (0 = all) of an IDX3 file.
	 *
	 * @throws IOException if the file is missing, is not an IDX image file, or is truncated
	 */
	public static Images readImages(Path file, int limit) throws IOException {
		try (Source in = open(file)) {
			int magic = readHeaderInt(in, file);
			if (magic != IMAGES_MAGIC)
				throw new IOException(file + ": wrong magic number 0x" + hex(magic) + " (expected 0x" + hex(IMAGES_MAGIC)
					+ " for an IDX image file)");
			int count = readHeaderInt(in, file);
			int rows = readHeaderInt(in, file);
			int cols = readHeaderInt(in, file);
			if (count < 0 || rows <= 0 || cols <= 0 || rows > 65536 || cols > 65536)
				throw new IOException(file + ": bad dimensions " + count + " x " + rows + " x " + cols);
			int n = limit > 0 ? Math.min(limit, count) : count;
			long size = (long) n * rows * cols;
			if (size > Integer.MAX_VALUE - 16)
				throw new IOException(file + ": too large (" + n + " images of " + rows + " x " + cols + ")");
			String what = "image data (" + count + " images of " + rows + " x " + cols + " declared)";
			in.requireAvailable(16, size, what);
			byte[] data = in.read((int) size, what);
			in.verifyRest();
			return new Images(n, rows, cols, data);
		}
	}

	/**
	 * Reads up to {@code limit} labels (0 = all) of an IDX1 file, each checked to lie in {@code [0, numClasses)}.
	 *
	 * @throws IOException if the file is missing, is not an IDX label file, is truncated, or has a label out of
	 *             range
	 */
	public static int[] readLabels(Path file, int limit, int numClasses) throws IOException {
		try (Source in = open(file)) {
			int magic = readHeaderInt(in, file);
			if (magic != LABELS_MAGIC)
				throw new IOException(file + ": wrong magic number 0x" + hex(magic) + " (expected 0x" + hex(LABELS_MAGIC)
					+ " for an IDX label file)");
			int count = readHeaderInt(in, file);
			if (count < 0)
				throw new IOException(file + ": bad label count " + count);
			int n = limit > 0 ? Math.min(limit, count) : count;
			String what = "labels (" + count + " declared)";
			in.requireAvailable(8, n, what);
			byte[] raw = in.read(n, what);
			in.verifyRest();
			int[] labels = new int[n];
			for (int i = 0; i < n; i++) {
				int label = raw[i] & 0xff;
				if (label >= numClasses)
					throw new IOException(file + ": label " + label + " of example " + i + " is outside 0-" + (numClasses - 1));
				labels[i] = label;
			}
			return labels;
		}
	}

	/** Declared item count of an IDX file (images or labels), read from its header. */
	public static int declaredCount(Path file) throws IOException {
		try (Source in = open(file)) {
			readHeaderInt(in, file);
			return readHeaderInt(in, file);
		}
	}

	private static Source open(Path file) throws IOException {
		InputStream raw;
		long fileSize;
		try {
			RegularFiles.requireReadable(file, "data file");
			fileSize = Files.size(file);
			raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
		} catch (NoSuchFileException e) {
			throw new IOException(file + " not found: put the four Fashion-MNIST IDX files there, "
				+ "or install the Debian package dataset-fashion-mnist", e);
		}
		try {
			raw.mark(2);
			int b0 = raw.read(), b1 = raw.read();
			raw.reset();
			boolean gzip = b0 == 0x1f && b1 == 0x8b;
			if (gzip)
				raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
			return new Source(raw, file, gzip ? -1 : fileSize);
		} catch (IOException e) {
			raw.close();
			throw new IOException(file + ": cannot read (" + e.getMessage() + ")", e);
		}
	}

	/**
	 * An IDX file being read. A header can only ask for what the file holds: for a plain file that is checked against
	 * its size before allocating; a gzip file's size says little, so its data is read in growing pieces and the first
	 * short read fails (a 16-byte header claiming 2,700,000 images took 2.2 GB before). The rest of a gzip stream is
	 * read too, because gzip's checksum is checked only at its end: without it a damaged file trained silently.
	 */
	private static final class Source extends DataInputStream {
		private final Path file;
		/** Bytes of a plain file; -1 for gzip. */
		private final long fileSize;

		Source(InputStream in, Path file, long fileSize) {
			super(in);
			this.file = file;
			this.fileSize = fileSize;
		}

		void requireAvailable(int header, long bytes, String what) throws IOException {
			if (fileSize >= 0 && header + bytes > fileSize)
				throw new IOException(file + ": truncated " + what + ": the file holds " + fileSize + " bytes, the header asks for "
					+ bytes + " more");
			MemoryBudget.require(bytes, "reading " + file.getFileName() + " (" + what + ")");
		}

		byte[] read(int size, String what) throws IOException {
			try {
				if (fileSize >= 0) {
					byte[] data = new byte[size];
					readFully(data);
					return data;
				}
				byte[] data = new byte[Math.min(size, 1 << 20)];
				int filled = 0;
				while (true) {
					int n = read(data, filled, data.length - filled);
					if (n < 0) throw new EOFException();
					filled += n;
					if (filled == size) return data;
					if (filled == data.length) data = Arrays.copyOf(data, (int) Math.min(size, 2L * data.length));
				}
			} catch (EOFException e) {
				throw new IOException(file + ": truncated " + what, e);
			} catch (IOException e) { // e.g. a corrupt or cut gzip stream
				throw new IOException(file + ": truncated or corrupt " + what + " (" + e.getMessage() + ")", e);
			}
		}

		/** For gzip: reads to the end of the stream, where the checksum is verified. */
		void verifyRest() throws IOException {
			if (fileSize >= 0) return;
			byte[] skip = new byte[1 << 16];
			try {
				while (read(skip) >= 0) {
					// drained
				}
			} catch (IOException e) {
				throw new IOException(file + " is damaged (" + e.getMessage() + "): the gzip checksum or data is wrong", e);
			}
		}
	}

	private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
		try {
			return in.readInt();
		} catch (EOFException e) {
			throw new IOException(file + ": truncated header (file too short to be an IDX file)", e);
		} catch (IOException e) { // a damaged gzip stream
			throw new IOException(file + ": damaged header (" + e.getMessage() + ")", e);
		}
	}

	private static String hex(int v) {
		return String.format("%08x", v);
	}
}
