package cnnsandbox.data;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dataset: IDX folders of any size and class count, class folders of PNG/JPEG/BMP/TIFF images, held-out splits. */
public class DatasetTest {

	static LabeledImages fashionTest;

	@BeforeAll
	static void data() throws IOException {
		assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST in " + FashionMnist.DEFAULT_DIR);
		fashionTest = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 0);
	}

	static Dataset.Options options() {
		return new Dataset.Options();
	}

	@Test
	void classFoldersOfRealImages(@TempDir Path dir) throws IOException {
		List<String> names = FashionFolders.write(dir, 3, 30);
		// one colour JPEG, one BMP and one TIFF among them: read as grey, any format
		BufferedImage rgb = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
		for (int y = 5; y < 15; y++)
			for (int x = 10; x < 30; x++)
				rgb.setRGB(x, y, 0xC08040);
		assertTrue(ImageIO.write(rgb, "jpg", dir.resolve(names.get(1)).resolve("photo.jpg").toFile()));
		assertTrue(ImageIO.write(FashionFolders.gray(fashionTest, 0), "bmp", dir.resolve(names.get(2)).resolve("x.bmp").toFile()));
		assertTrue(ImageIO.write(FashionFolders.gray(fashionTest, 1), "tif", dir.resolve(names.get(2)).resolve("y.tif").toFile()));
		Files.writeString(dir.resolve(names.get(0)).resolve("notes.txt"), "not an image");

		Dataset.Split s = Dataset.load(dir, options(), 1);
		assertEquals(List.of("Pullover", "T-shirt-top", "Trouser"), s.train.classNames, "folder names, sorted");
		assertEquals(28, s.train.rows, "the first image's size");
		assertEquals(93, s.train.n + s.test.n);
		int[] perClass = new int[3];
		for (int l : s.test.labels)
			perClass[l]++;
		assertArrayEquals(new int[] { 6, 6, 6 }, perClass, "round(20 %) of each class (30, 30, 32 images) held out");
		assertTrue(s.description.contains("class folders") && s.description.contains("T-shirt-top"), s.description);
		// PNG pixels are exactly the IDX bytes / 255 (the images fill 28 x 28: no fitting)
		LabeledImages all = Dataset.load(dir, withFraction(0.01), 1).train;
		float[] first = all.image(0);
		int idx0 = Integer.parseInt(Files.list(dir.resolve("Pullover")).sorted().findFirst().get().getFileName().toString().substring(0, 5));
		assertArrayEquals(fashionTest.image(idx0), first, 0f);
		// the same seed gives the same split, another seed another
		assertArrayEquals(s.test.labels, Dataset.load(dir, options(), 1).test.labels);
		assertFalse(java.util.Arrays.equals(s.test.pixels, Dataset.load(dir, options(), 2).test.pixels));
		// input_size fits every image into 8 x 8
		Dataset.Options eight = options();
		eight.inputSize = 8;
		Dataset.Split small = Dataset.load(dir, eight, 1);
		assertEquals(8, small.train.rows);
		assertEquals(8, small.train.cols);
	}

	static Dataset.Options withFraction(double f) {
		Dataset.Options o = options();
		o.testFraction = f;
		return o;
	}

	@Test
	void ownTrainTestSplit(@TempDir Path dir) throws IOException {
		FashionFolders.write(dir.resolve("train"), 2, 10);
		FashionFolders.write(dir.resolve("test"), 2, 4);
		Dataset.Split s = Dataset.load(dir, options(), 1);
		assertEquals(20, s.train.n);
		assertEquals(8, s.test.n);
		assertEquals(List.of("T-shirt-top", "Trouser"), s.test.classNames);
	}

	@Test
	void idxFilesOfAnotherSizeAndManyClasses(@TempDir Path dir) throws IOException {
		// 12 x 12 images in 12 classes, no test files: a held-out split; names from classes.txt
		int n = 120, size = 12;
		byte[] px = new byte[n * size * size];
		byte[] labels = new byte[n];
		for (int i = 0; i < n; i++) {
			labels[i] = (byte) (i % 12);
			for (int j = 0; j < size * size; j++)
				px[i * size * size + j] = (byte) ((i * 7 + j) % 256);
		}
		writeIdx(dir.resolve("train-images-idx3-ubyte"), 0x803, new int[] { n, size, size }, px);
		writeIdx(dir.resolve("train-labels-idx1-ubyte"), 0x801, new int[] { n }, labels);
		Files.write(dir.resolve("classes.txt"), List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"));
		Dataset.Split s = Dataset.load(dir, options(), 1);
		assertEquals(12, s.train.rows);
		assertEquals(12, s.train.classes());
		assertEquals("l", s.train.classNames.get(11));
		assertEquals(96, s.train.n);
		assertEquals(24, s.test.n);
		assertEquals((px[5] & 0xff) / 255f, s.train.pixels[5], 0f);
		Files.delete(dir.resolve("classes.txt"));
		assertEquals("11", Dataset.load(dir, options(), 1).train.classNames.get(11), "numbered without classes.txt");
	}

	static void writeIdx(Path file, int magic, int[] dims, byte[] data) throws IOException {
		try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
			out.writeInt(magic);
			for (int d : dims)
				out.writeInt(d);
			out.write(data);
		}
	}

	@Test
	void badFoldersAreRefusedWithOneLine(@TempDir Path dir) throws IOException {
		IOException e = assertThrows(IOException.class, () -> Dataset.load(dir.resolve("missing"), options(), 1));
		assertTrue(e.getMessage().contains("not found"), e.getMessage());
		Files.createDirectories(dir.resolve("only-one"));
		e = assertThrows(IOException.class, () -> Dataset.load(dir, options(), 1));
		assertTrue(e.getMessage().contains("nor at least two class folders"), e.getMessage());
		Files.createDirectories(dir.resolve("empty"));
		e = assertThrows(IOException.class, () -> Dataset.load(dir, options(), 1));
		assertTrue(e.getMessage().contains("holds no image"), e.getMessage());
		Files.writeString(dir.resolve("empty").resolve("broken.png"), "not a png");
		Files.writeString(dir.resolve("only-one").resolve("broken.png"), "not a png");
		e = assertThrows(IOException.class, () -> Dataset.load(dir, options(), 1));
		assertTrue(e.getMessage().contains("broken.png") && e.getMessage().contains("cannot be read"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Dataset.load(dir, withFraction(1), 1));
	}

	/** 120 images of 12 x 12 in 12 classes as IDX files, no test split. */
	static void twelveClasses(Path dir, int labelCount) throws IOException {
		int n = 120, size = 12;
		byte[] px = new byte[n * size * size];
		byte[] labels = new byte[labelCount];
		for (int i = 0; i < labelCount; i++)
			labels[i] = (byte) (i % 12);
		writeIdx(dir.resolve("train-images-idx3-ubyte"), 0x803, new int[] { n, size, size }, px);
		writeIdx(dir.resolve("train-labels-idx1-ubyte"), 0x801, new int[] { labelCount }, labels);
	}

	@Test
	void classesTxtIsReadOnlyAsASmallRegularUtf8File(@TempDir Path dir) throws Exception {
		twelveClasses(dir, 120);
		Path classes = dir.resolve("classes.txt");
		assertEquals(0, new ProcessBuilder("mkfifo", classes.toString()).start().waitFor());
		IOException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> assertThrows(IOException.class,
			() -> Dataset.load(dir, options(), 1)), "a FIFO classes.txt must not block");
		assertTrue(e.getMessage().contains(classes.toString()) && e.getMessage().contains("FIFO"), e.getMessage());
		Files.delete(classes);
		Files.createSymbolicLink(classes, java.nio.file.Paths.get("/dev/zero"));
		e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> assertThrows(IOException.class, () -> Dataset.load(dir, options(), 1)));
		assertTrue(e.getMessage().contains(classes.toString()) && e.getMessage().contains("not a regular file"), e.getMessage());
		Files.delete(classes);
		Files.write(classes, new byte[2 << 20]);
		e = assertThrows(IOException.class, () -> Dataset.load(dir, options(), 1));
		assertTrue(e.getMessage().contains(classes.toString()) && e.getMessage().contains("too large"), e.getMessage());
		Files.write(classes, "caf\u00e9\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
		e = assertThrows(IOException.class, () -> Dataset.load(dir, options(), 1));
		assertTrue(e.getMessage().contains(classes.toString()) && e.getMessage().contains("UTF-8"), "says which file and what to do: " + e.getMessage());
	}

	@Test
	void idxCountsMustAgreeWhateverTheLimit(@TempDir Path dir) throws Exception {
		twelveClasses(dir, 119);
		Dataset.Options o = options();
		o.trainLimit = 50; // below both counts: the files disagree all the same
		IOException e = assertThrows(IOException.class, () -> Dataset.load(dir, o, 1));
		assertTrue(e.getMessage().contains("119 labels") && e.getMessage().contains("120 images"), e.getMessage());
	}

	/** A small real PNG or JPEG whose header claims {@code side} x {@code side} pixels: a decompression bomb. */
	public static Path bomb(Path file, String format, int side) throws IOException {
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), format, bytes);
		byte[] b = bytes.toByteArray();
		java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
		if (format.equals("png")) { // IHDR: width, height at 16, its CRC at 29
			buf.putInt(16, side).putInt(20, side);
			java.util.zip.CRC32 crc = new java.util.zip.CRC32();
			crc.update(b, 12, 17);
			buf.putInt(29, (int) crc.getValue());
		} else { // JPEG SOF0: height, width after the marker, length and precision
			int at = 2;
			while (!((b[at] & 0xff) == 0xff && (b[at + 1] & 0xff) == 0xc0)) at++;
			buf.putShort(at + 5, (short) side).putShort(at + 7, (short) side);
		}
		Files.write(file, b);
		return file;
	}

	@Test
	void aDecompressionBombOrATruncatedImageIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
		assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
		List<String> names = FashionFolders.write(dir, 2, 5);
		for (String format : new String[] { "png", "jpg" }) {
			Path bomb = bomb(dir.resolve(names.get(1)).resolve("bomb." + format), format, 40000);
			Exception e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> assertThrows(Exception.class,
				() -> Dataset.load(dir, options(), 1)));
			assertTrue(e.getMessage().contains(bomb.toString()) && e.getMessage().contains("40000 x 40000"), e.getMessage());
			Files.delete(bomb);
		}
		Path full = dir.resolve(names.get(1)).resolve("full.jpg");
		javax.imageio.ImageIO.write(FashionFolders.gray(fashionTest, 0), "jpg", full.toFile());
		byte[] b = Files.readAllBytes(full);
		for (String format : new String[] { "jpg", "bmp", "gif" }) {
			Path whole = dir.resolve(names.get(1)).resolve("whole." + format), cut = dir.resolve(names.get(1)).resolve("cut." + format);
			javax.imageio.ImageIO.write(FashionFolders.gray(fashionTest, 0), format, whole.toFile());
			byte[] w = Files.readAllBytes(whole);
			Files.write(cut, java.util.Arrays.copyOf(w, w.length * 2 / 3));
			Files.delete(whole);
			IOException e = assertThrows(IOException.class, () -> Dataset.load(dir, options(), 1), format);
			assertTrue(e.getMessage().contains(cut.toString()) && (e.getMessage().contains("truncated") || e.getMessage().contains("damaged")),
				e.getMessage());
			Files.delete(cut);
		}
		Files.delete(full);
		assertEquals(10, Dataset.load(dir, options(), 1).train.n + Dataset.load(dir, options(), 1).test.n);
	}

	@Test
	void aFolderNameThatIsNotUtf8IsNamedWithWhatToDo(@TempDir Path dir) throws Exception {
		assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
		FashionFolders.write(dir, 2, 3);
		assertEquals(0, new ProcessBuilder("bash", "-c", "mkdir \"$0\"/$'\\xff'class && cp \"$0\"/Trouser/* \"$0\"/$'\\xff'class/", dir.toString())
			.inheritIO().start().waitFor());
		IOException e = assertThrows(IOException.class, () -> Dataset.load(dir, options(), 1));
		assertTrue(e.getMessage().contains("not valid UTF-8") && e.getMessage().contains("rename"), e.getMessage());
	}

	/** channels=color: RGB files as 3 channels R, G, B (/255 exactly); the default reads their luminance, as before. */
	@Test
	void colourFoldersAreThreeChannelsWithChannelsColor(@TempDir Path dir) throws Exception {
		FashionFolders.writeTinted(dir, 10);
		Dataset.Options colour = withFraction(0.01);
		colour.channels = ChannelMode.COLOR;
		LabeledImages rgb = Dataset.load(dir, colour, 1).train;
		assertEquals(3, rgb.channels);
		assertEquals(3 * 28 * 28, rgb.imageSize());
		assertArrayEquals(new long[] { rgb.n, 3, 28, 28 }, rgb.features(0, rgb.n).shape());
		// image 0 is the first of "blue" (class 0): test image 0, B = its byte, R = G = 0
		float[] first = rgb.image(0), truth = fashionTest.image(0);
		int plane = 28 * 28;
		for (int p = 0; p < plane; p++) {
			assertEquals(0f, first[p], 0f, "R");
			assertEquals(0f, first[plane + p], 0f, "G");
			assertEquals(truth[p], first[2 * plane + p], 0f, "B");
		}
		LabeledImages grey = Dataset.load(dir, withFraction(0.01), 1).train;
		assertEquals(1, grey.channels, "the default: grey, as before");
		assertEquals(0.114 * truth[300], grey.image(0)[300], 1e-6);
		// a grey image among colour ones is R = G = B under channels=color
		ImageIO.write(FashionFolders.gray(fashionTest, 5), "png", dir.resolve("red").resolve("zz-grey.png").toFile());
		LabeledImages mixed = Dataset.load(dir, colour, 1).train;
		float[] last = mixed.image(mixed.n - 1);
		assertEquals(3, mixed.channels);
		assertArrayEquals(java.util.Arrays.copyOfRange(last, 0, plane), java.util.Arrays.copyOfRange(last, plane, 2 * plane), 0f);
	}

	/** A TIFF ImageJ writes from a 2-channel hyperstack is one image of 2 channels; a mismatch is named. */
	@Test
	void multiChannelTiffsWrittenByImageJTrainAsTheirChannels(@TempDir Path dir) throws Exception {
		for (String c : List.of("a", "b")) Files.createDirectories(dir.resolve(c));
		for (int i = 0; i < 6; i++) {
			ij.ImageStack st = new ij.ImageStack(28, 28);
			st.addSlice(new ij.process.ByteProcessor(FashionFolders.gray(fashionTest, i)));
			st.addSlice(new ij.process.ByteProcessor(FashionFolders.gray(fashionTest, i + 10)));
			ij.ImagePlus imp = new ij.ImagePlus("two", st);
			imp.setDimensions(2, 1, 1);
			assertTrue(new ij.io.FileSaver(imp).saveAsTiffStack(dir.resolve(i % 2 == 0 ? "a" : "b").resolve(i + ".tif").toString()));
		}
		LabeledImages all = Dataset.load(dir, withFraction(0.01), 1).train;
		assertEquals(2, all.channels);
		float[] first = all.image(0);
		assertArrayEquals(fashionTest.image(0), java.util.Arrays.copyOfRange(first, 0, 784), 0f);
		assertArrayEquals(fashionTest.image(10), java.util.Arrays.copyOfRange(first, 784, 1568), 0f);
		ImageIO.write(FashionFolders.gray(fashionTest, 5), "png", dir.resolve("b").resolve("z.png").toFile());
		IOException e = assertThrows(IOException.class, () -> Dataset.load(dir, options(), 1));
		assertTrue(e.getMessage().contains("z.png has 1 channel(s), the images before it 2"), e.getMessage());
	}
}
