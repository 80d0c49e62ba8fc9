package cnnsandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/** The CLI's input image as an untrusted file (issue 12 item 7), through the CLI as a user runs it. */
class ImageFilesTest {

	final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	/** Runs the CLI, also catching what ImageJ prints on the console; returns all that was printed, but the tables. */
	String cliStderr(int expectedStatus, String... args) {
		PrintStream systemErr = System.err, systemOut = System.out;
		ByteArrayOutputStream console = new ByteArrayOutputStream();
		int status;
		try {
			System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
			System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
			status = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
		}
		finally {
			System.setErr(systemErr);
			System.setOut(systemOut);
		}
		String printed = (console.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).lines()
			.filter(l -> !l.startsWith("SLF4J:") && !l.startsWith("[INFO]")).reduce("", (a, b) -> a + b + "\n").trim();
		assertEquals(expectedStatus, status, printed);
		return printed;
	}

	/**
	 * A palette TIFF as other programs write it (photometric 3, a colour map, no ImageJ description): 64 x 64 pixels
	 * alternating index 10 (pure red) and 200 (pure blue).
	 */
	static Path paletteTiff(Path dir) throws Exception {
		int w = 64, h = 64, entries = 9, ifd = 8, map = ifd + 2 + 12 * entries + 4, data = map + 3 * 256 * 2;
		Path f = dir.resolve("palette.tif");
		try (java.io.DataOutputStream o = new java.io.DataOutputStream(Files.newOutputStream(f))) {
			o.writeBytes("MM");
			o.writeShort(42);
			o.writeInt(ifd);
			o.writeShort(entries);
			int[][] tags = { { 256, 3, 1, w }, { 257, 3, 1, h }, { 258, 3, 1, 8 }, { 259, 3, 1, 1 }, { 262, 3, 1, 3 }, { 273, 4, 1, data },
				{ 277, 3, 1, 1 }, { 279, 4, 1, w * h }, { 320, 3, 3 * 256, map } };
			for (int[] t : tags) {
				o.writeShort(t[0]);
				o.writeShort(t[1]);
				o.writeInt(t[2]);
				if (t[1] == 3 && t[2] == 1) {
					o.writeShort(t[3]);
					o.writeShort(0);
				}
				else o.writeInt(t[3]);
			}
			o.writeInt(0);
			for (int c = 0; c < 3; c++) for (int i = 0; i < 256; i++) o.writeShort((c == 0 && i == 10) || (c == 2 && i == 200) ? 0xffff : 0);
			for (int i = 0; i < w * h; i++) o.writeByte(i % 2 == 0 ? 10 : 200);
		}
		return f;
	}

	@Test
	void anImageJTiffWithADisplayLutKeepsItsIntensities(@TempDir Path dir) throws Exception {
		ByteProcessor bp = new ByteProcessor(8, 8);
		bp.set(0, 77);
		bp.setColorModel(ij.process.LUT.createLutFromColor(java.awt.Color.RED));
		Path f = dir.resolve("fire.tif");
		new FileSaver(new ImagePlus("fire", bp)).saveAsTiff(f.toString());
		ImagePlus imp = ImageFiles.open(f.toString());
		assertEquals(8, imp.getBitDepth());
		assertEquals(77, imp.getProcessor().get(0));
	}

	@Test
	void aPaletteImageIsReadAsItsColoursNotItsIndices(@TempDir Path dir) throws Exception {
		ImagePlus imp = ImageFiles.open(paletteTiff(dir).toString());
		assertEquals(ImagePlus.COLOR_RGB, imp.getType());
		assertEquals(0xff0000, imp.getProcessor().get(0) & 0xffffff);
		assertEquals(0x0000ff, imp.getProcessor().get(1) & 0xffffff);
		// Deblur Signal takes intensities: it refuses the colour image with a reason rather than deblurring indices
		String e = cliStderr(1, "--run", "Deblur Signal", "iterations=3 input=" + paletteTiff(dir));
		assertTrue(e.startsWith("Error: ") && e.contains("RGB") && !e.contains("\n"), e);
	}

	@Test
	void aTruncatedTiffIsRefused(@TempDir Path dir) throws Exception {
		Path full = dir.resolve("full.tif");
		new FileSaver(new ImagePlus("big", new ByteProcessor(1000, 1000))).saveAsTiff(full.toString());
		Path cut = dir.resolve("cut.tif");
		Files.write(cut, Arrays.copyOf(Files.readAllBytes(full), 1024));
		String e = cliStderr(1, "--run", "Deblur Signal", "iterations=3 input=" + cut);
		assertTrue(e.startsWith("Error: ") && e.contains(cut.toString()) && e.contains("truncated") && !e.contains("\n"), e);
	}

	@Test
	void aHugeDeclaredTiffEndsInOneLineWithoutImageJsStackTrace(@TempDir Path dir) throws Exception {
		Path small = dir.resolve("small.tif");
		new FileSaver(new ImagePlus("small", new ByteProcessor(20, 20))).saveAsTiff(small.toString());
		byte[] b = Files.readAllBytes(small);
		ByteBuffer buf = ByteBuffer.wrap(b).order(b[0] == 'I' ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
		int ifd = buf.getInt(4), n = buf.getShort(ifd);
		for (int k = 0; k < n; k++) {
			int at = ifd + 2 + 12 * k, tag = buf.getShort(at) & 0xffff, type = buf.getShort(at + 2);
			if (tag == 256 || tag == 257) { // width, height := 50000
				if (type == 3) buf.putShort(at + 8, (short) 50000);
				else buf.putInt(at + 8, 50000);
			}
		}
		Path huge = dir.resolve("huge.tif");
		Files.write(huge, b);
		String e = cliStderr(1, "--run", "Deblur Signal", "iterations=3 input=" + huge);
		assertTrue(e.startsWith("Error: ") && e.contains(huge.toString()) && !e.contains("\n"), e);
	}

	@Test
	void aFifoAsInputIsRefusedAtOnce(@TempDir Path dir) throws Exception {
		Path fifo = dir.resolve("in.tif");
		assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
		String e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> cliStderr(1, "--run", "Deblur Signal", "input=" + fifo));
		assertTrue(e.contains("FIFO"), e);
		assertThrows(java.io.IOException.class, () -> ImageFiles.open(fifo.toString()));
	}

	@Test
	void aPngOrJpegDeclaringAHugeSizeIsRefusedBeforeDecoding(@TempDir Path dir) throws Exception {
		for (String format : new String[] { "png", "jpg" }) {
			Path bomb = cnnsandbox.data.DatasetTest.bomb(dir.resolve("bomb." + format), format, 40000);
			err.reset();
			String e = cliStderr(1, "--run", "Deblur Signal", "iterations=3 input=" + bomb);
			assertTrue(e.startsWith("Error: ") && e.contains(bomb.toString()) && e.contains("40000 x 40000") && !e.contains("\n"), e);
		}
	}

	@Test
	void aTruncatedJpegInputIsRefusedNotDeblurredWithAWarningOnTheConsole(@TempDir Path dir) throws Exception {
		java.awt.image.BufferedImage b = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
		for (int i = 0; i < 64 * 64; i++) b.getRaster().setSample(i % 64, i / 64, 0, (i * 7) % 256);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		javax.imageio.ImageIO.write(b, "jpg", bytes);
		Path cut = dir.resolve("cut.jpg");
		Files.write(cut, Arrays.copyOf(bytes.toByteArray(), bytes.size() * 2 / 3));
		err.reset();
		String e = cliStderr(1, "--run", "Deblur Signal", "iterations=3 input=" + cut);
		assertTrue(e.startsWith("Error: ") && e.contains(cut.toString()) && e.contains("truncated") && !e.contains("\n"), e);
	}
}
