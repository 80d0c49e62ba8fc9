package cnnsandbox.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reading a zip entry as an untrusted input: its declared size is checked against a limit before reading, the bytes
 * read are bounded by that limit whatever the entry inflates to (a 3 MB entry can inflate to 3 GB), and its CRC is
 * verified when the stream ends. {@link ZipFile} does not check CRCs itself: a model whose compressed bytes were
 * flipped loaded silently and classified every image as NaN.
 */
public final class ZipEntries {

	private ZipEntries() {}

	/**
	 * Opens {@code entry} for reading. The stream throws an {@link IOException} naming the entry when more than
	 * {@code limit} bytes come out, and, at its end (the caller must read to the end, see {@link #readToEnd}), when the
	 * CRC differs from the one recorded in the zip.
	 */
	public static InputStream open(ZipFile zip, ZipEntry entry, long limit) throws IOException {
		if (entry.getSize() > limit)
			throw new IOException("entry " + entry.getName() + " declares " + entry.getSize() + " bytes, more than the " + limit + " it can hold");
		return new Checked(zip.getInputStream(entry), entry, limit);
	}

	/**
	 * Reads the whole entry once to check its size and CRC, so that damage is reported as damage rather than as
	 * whatever the parser makes of the garbled bytes.
	 */
	public static void verify(ZipFile zip, ZipEntry entry, long limit) throws IOException {
		try (InputStream in = open(zip, entry, limit)) {
			readToEnd(in);
		}
	}

	/** Reads what is left (at most the limit), so that the CRC is checked. */
	public static void readToEnd(InputStream in) throws IOException {
		byte[] skip = new byte[8192];
		while (in.read(skip) >= 0) {
			// drained
		}
	}

	private static final class Checked extends FilterInputStream {
		private final ZipEntry entry;
		private final long limit;
		private final CRC32 crc = new CRC32();
		private long count;
		private boolean checked;

		Checked(InputStream in, ZipEntry entry, long limit) {
			super(in);
			this.entry = entry;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return n < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n;
			try {
				n = in.read(b, off, (int) Math.min(len, limit + 1 - count));
			}
			catch (java.util.zip.ZipException e) {
				throw new IOException("entry " + entry.getName() + " is damaged (" + e.getMessage() + ")", e);
			}
			if (n < 0) {
				verify();
				return -1;
			}
			count += n;
			if (count > limit) throw new IOException("entry " + entry.getName() + " holds more than the " + limit + " bytes it can hold");
			crc.update(b, off, n);
			return n;
		}

		@Override
		public long skip(long n) throws IOException {
			byte[] buf = new byte[(int) Math.min(n, 8192)];
			int r = read(buf, 0, buf.length);
			return Math.max(r, 0);
		}

		private void verify() throws IOException {
			if (checked) return;
			checked = true;
			if (entry.getSize() >= 0 && count != entry.getSize())
				throw new IOException("entry " + entry.getName() + " holds " + count + " bytes, but the zip says " + entry.getSize());
			if (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc())
				throw new IOException("entry " + entry.getName() + " fails its checksum (CRC): the file was changed or damaged");
		}
	}

	/**
	 * Refuses a zip holding two entries of one name: readers disagree on which one counts (java.util.zip takes the
	 * last model.json), so the file means two things.
	 */
	public static void requireUniqueNames(ZipFile zip, java.nio.file.Path file) throws IOException {
		java.util.Set<String> names = new java.util.HashSet<>();
		for (java.util.Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
			String name = e.nextElement().getName();
			if (!names.add(name))
				throw new IOException(file + " is damaged: it holds " + name + " twice (which one is meant?); save the model again");
		}
	}
}
