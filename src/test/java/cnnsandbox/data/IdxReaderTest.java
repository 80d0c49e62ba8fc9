package cnnsandbox.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

	@TempDir
	Path dir;

	static byte[] imagesIdx(int magic, int count, int rows, int cols, int actualCount) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeInt(magic);
		out.writeInt(count);
		out.writeInt(rows);
		out.writeInt(cols);
		for (int i = 0; i < actualCount * rows * cols; i++)
			out.writeByte((i * 7) & 0xff);
		return bytes.toByteArray();
	}

	static byte[] labelsIdx(int magic, int count, int... labels) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeInt(magic);
		out.writeInt(count);
		for (int l : labels)
			out.writeByte(l);
		return bytes.toByteArray();
	}

	static void write(Path file, byte[] content, boolean gzip) throws IOException {
		try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
			out.write(content);
		}
	}

	/** Writes a tiny Fashion-MNIST-shaped training set of 5 images. */
	void writeSet(boolean gzip) throws IOException {
		String ext = gzip ? ".gz" : "";
		write(dir.resolve("train-images-idx3-ubyte" + ext), imagesIdx(0x803, 5, 28, 28, 5), gzip);
		write(dir.resolve("train-labels-idx1-ubyte" + ext), labelsIdx(0x801, 5, 3, 1, 4, 1, 5), gzip);
	}

	@Test
	void plainAndGzippedRoundTrip() throws IOException {
		for (boolean gzip : new boolean[] { false, true }) {
			for (String f : new String[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte" }) {
				Files.deleteIfExists(dir.resolve(f));
				Files.deleteIfExists(dir.resolve(f + ".gz"));
			}
			writeSet(gzip);
			LabeledImages set = FashionMnist.load(dir, true, 0);
			assertEquals(5, set.n);
			assertEquals(28, set.rows);
			assertEquals(28, set.cols);
			assertArrayEquals(new int[] { 3, 1, 4, 1, 5 }, set.labels);
			for (int i = 0; i < set.pixels.length; i++)
				assertEquals(((i * 7) & 0xff) / 255f, set.pixels[i], 0f, "pixel " + i);
			float[] img2 = set.image(2);
			assertArrayEquals(Arrays.copyOfRange(set.pixels, 2 * 784, 3 * 784), img2);
			assertArrayEquals(new long[] { 2, 1, 28, 28 }, set.features(1, 3).shape());
			assertEquals(set.pixels[784 + 28 * 3 + 5], set.features(1, 3).getFloat(0, 0, 3, 5), 0f);

			LabeledImages first2 = FashionMnist.load(dir, true, 2);
			assertEquals(2, first2.n);
			assertArrayEquals(new int[] { 3, 1 }, first2.labels);
		}
	}

	@Test
	void truncatedImages() throws IOException {
		Path f = dir.resolve("imgs");
		write(f, imagesIdx(0x803, 5, 28, 28, 4), false);
		IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(f, 0));
		assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("truncated"), e.getMessage());
	}

	@Test
	void truncatedGzip() throws IOException {
		Path f = dir.resolve("imgs.gz");
		write(f, imagesIdx(0x803, 5, 28, 28, 5), true);
		byte[] all = Files.readAllBytes(f);
		Files.write(f, Arrays.copyOf(all, all.length / 2));
		IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(f, 0));
		assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"), e.getMessage());
	}

	@Test
	void truncatedHeader() throws IOException {
		Path f = dir.resolve("short");
		Files.write(f, new byte[] { 0, 0, 8 });
		IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(f, 0));
		assertTrue(e.getMessage().contains("truncated header"), e.getMessage());
	}

	@Test
	void wrongMagic() throws IOException {
		Path f = dir.resolve("labels-as-images");
		write(f, labelsIdx(0x801, 2, 1, 2), false);
		IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(f, 0));
		assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("wrong magic number 0x00000801"), e.getMessage());

		Path g = dir.resolve("images-as-labels");
		write(g, imagesIdx(0x803, 1, 28, 28, 1), false);
		e = assertThrows(IOException.class, () -> IdxReader.readLabels(g, 0, 10));
		assertTrue(e.getMessage().contains("wrong magic number 0x00000803"), e.getMessage());
	}

	@Test
	void labelCountMismatch() throws IOException {
		write(dir.resolve("train-images-idx3-ubyte"), imagesIdx(0x803, 5, 28, 28, 5), false);
		write(dir.resolve("train-labels-idx1-ubyte"), labelsIdx(0x801, 4, 1, 2, 3, 4), false);
		IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir, true, 0));
		assertTrue(e.getMessage().contains("label count 4 != image count 5"), e.getMessage());
		assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
	}

	@Test
	void labelOutOfRange() throws IOException {
		Path f = dir.resolve("labels");
		write(f, labelsIdx(0x801, 3, 1, 11, 2), false);
		IOException e = assertThrows(IOException.class, () -> IdxReader.readLabels(f, 0, 10));
		assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("label 11 of example 1 is outside 0-9"), e.getMessage());
	}

	@Test
	void missingFile() {
		IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir.resolve("nowhere"), false, 0));
		assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte"), e.getMessage());
		assertTrue(e.getMessage().contains("not found: put the four Fashion-MNIST IDX files there, "
			+ "or install the Debian package dataset-fashion-mnist"), e.getMessage());
		Path f = dir.resolve("absent");
		e = assertThrows(IOException.class, () -> IdxReader.readLabels(f, 0, 10));
		assertTrue(e.getMessage().startsWith(f + " not found"), e.getMessage());
	}

	@Test
	void realDataFirst100() throws IOException {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST in " + FashionMnist.DEFAULT_DIR);
		LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 100);
		LabeledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 100);
		for (LabeledImages set : new LabeledImages[] { train, test }) {
			assertEquals(100, set.n);
			assertEquals(100 * 784, set.pixels.length);
			float min = 1, max = 0;
			for (float p : set.pixels) {
				min = Math.min(min, p);
				max = Math.max(max, p);
			}
			assertEquals(0f, min);
			assertEquals(1f, max);
		}
		// The first training example of Fashion-MNIST is an ankle boot, the first test example too.
		assertEquals(9, train.labels[0]);
		assertEquals(9, test.labels[0]);
		assertEquals(10, FashionMnist.CLASS_NAMES.size());
		assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(9));
	}

	// -- Issue 12: a header can only ask for what the file holds --

	@Test
	void aHeaderClaimingMillionsOfImagesInA16ByteFileIsRefusedBeforeAllocating() throws IOException {
		Path f = dir.resolve("train-images-idx3-ubyte");
		write(f, imagesIdx(0x803, 2_700_000, 28, 28, 0), false);
		IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(f, 0));
		assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("the file holds 16 bytes"), e.getMessage());
	}

	@Test
	void aGzippedHeaderClaimingAHugeImageFailsAtTheFirstShortRead() throws IOException {
		Path f = dir.resolve("train-images-idx3-ubyte.gz");
		write(f, imagesIdx(0x803, 1, 46340, 46340, 0), true);
		long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
		IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(f, 0));
		assertTrue(e.getMessage().contains("truncated"), e.getMessage());
		long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
		assertTrue(after - before < 512L << 20, "read lazily, not 2 GB allocated up front: " + ((after - before) >> 20) + " MB");
	}

	@Test
	void damageInTheMiddleOfAGzipFileIsFoundEvenWithALimit() throws IOException {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
		Path d = dir.resolve("damaged");
		Files.createDirectories(d);
		for (String n : new String[] { "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
			Files.copy(FashionMnist.DEFAULT_DIR.resolve(n), d.resolve(n));
		byte[] b = Files.readAllBytes(FashionMnist.DEFAULT_DIR.resolve("train-images-idx3-ubyte.gz"));
		for (int k = 0; k < 64; k++) b[b.length / 2 + k] ^= 0xff;
		Files.write(d.resolve("train-images-idx3-ubyte.gz"), b);
		IOException e = assertThrows(IOException.class, () -> FashionMnist.load(d, true, 50));
		assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
	}

	@Test
	void aFifoIsRefusedInsteadOfBlocking() throws Exception {
		Path fifo = dir.resolve("train-images-idx3-ubyte");
		assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
		IOException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
			() -> assertThrows(IOException.class, () -> IdxReader.readImages(fifo, 0)));
		assertTrue(e.getMessage().contains("FIFO") && e.getMessage().contains(fifo.toString()), e.getMessage());
	}
}
