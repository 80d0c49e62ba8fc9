package cnnsandbox.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

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
		try (DataInputStream in = open(file)) {
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
			byte[] data = new byte[(int) size];
			readFully(in, data, file, "image data (" + count + " images of " + rows + " x " + cols + " declared)");
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
		try (DataInputStream in = open(file)) {
			int magic = readHeaderInt(in, file);
			if (magic != LABELS_MAGIC)
				throw new IOException(file + ": wrong magic number 0x" + hex(magic) + " (expected 0x" + hex(LABELS_MAGIC)
					+ " for an IDX label file)");
			int count = readHeaderInt(in, file);
			if (count < 0)
				throw new IOException(file + ": bad label count " + count);
			int n = limit > 0 ? Math.min(limit, count) : count;
			byte[] raw = new byte[n];
			readFully(in, raw, file, "labels (" + count + " declared)");
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
		try (DataInputStream in = open(file)) {
			readHeaderInt(in, file);
			return readHeaderInt(in, file);
		}
	}

	private static DataInputStream open(Path file) throws IOException {
		InputStream raw;
		try {
			raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
		} catch (NoSuchFileException e) {
			throw new IOException(file + " not found: put the four Fashion-MNIST IDX files there, "
				+ "or install the Debian package dataset-fashion-mnist", e);
		}
		try {
			raw.mark(2);
			int b0 = raw.read(), b1 = raw.read();
			raw.reset();
			if (b0 == 0x1f && b1 == 0x8b)
				raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
			return new DataInputStream(raw);
		} catch (IOException e) {
			raw.close();
			throw new IOException(file + ": cannot read (" + e.getMessage() + ")", e);
		}
	}

	private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
		try {
			return in.readInt();
		} catch (EOFException e) {
			throw new IOException(file + ": truncated header (file too short to be an IDX file)", e);
		}
	}

	private static void readFully(DataInputStream in, byte[] buf, Path file, String what) throws IOException {
		try {
			in.readFully(buf);
		} catch (EOFException e) {
			throw new IOException(file + ": truncated " + what, e);
		} catch (IOException e) { // e.g. a corrupt or cut gzip stream
			throw new IOException(file + ": truncated or corrupt " + what + " (" + e.getMessage() + ")", e);
		}
	}

	private static String hex(int v) {
		return String.format("%08x", v);
	}
}
