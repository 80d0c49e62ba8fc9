package cnnsandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.modelfile.ModelFileTest;

/**
 * Allocations that a parameter or a file drives are refused up front, naming the cause (issue 12 item 4), in the
 * CLI of target/app with a 256 MB heap: before, each ended in "Error: Java heap space".
 */
class MemoryLimitsIT {

	final Path app = Paths.get(System.getProperty("app.dir", "target/app")).toAbsolutePath();

	String error(String... args) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
			app.resolve("jars") + "/*:" + app.resolve("plugins") + "/*", "cnnsandbox.Main"));
		cmd.addAll(List.of(args));
		Process p = new ProcessBuilder(cmd).start();
		p.getOutputStream().close();
		byte[] stdout = p.getInputStream().readAllBytes();
		String err = new String(p.getErrorStream().readAllBytes());
		assertTrue(p.waitFor(2, TimeUnit.MINUTES));
		String lines = err.lines().filter(l -> !l.startsWith("SLF4J") && !l.startsWith("[INFO]")).collect(Collectors.joining("\n"));
		assertEquals(1, p.exitValue(), lines + new String(stdout));
		assertTrue(lines.startsWith("Error: ") && !lines.contains("\n") && !lines.contains("Java heap space"), lines);
		return lines;
	}

	@Test
	void parametersThatWouldExhaustTheHeapAreNamed(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
		Path model = ModelFileTest.smallModel(dir);
		String e = error("--run", "Show Filters", "model_file=[" + model + "] magnification=64");
		assertTrue(e.contains("magnification=64") && e.contains("memory"), e);
		e = error("--run", "Visualize Neuron", "model_file=[" + model + "] steps=2000000000");
		assertTrue(e.contains("steps=2000000000") && e.contains("memory"), e);
	}

	@Test
	void aHugeImageIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
		Path tif = dir.resolve("20000x20000.tif");
		packBitsZeros(tif, 20000, 20000);
		String e = error("--run", "Deblur Signal", "iterations=3 input=[" + tif + "]");
		assertTrue(e.contains(tif.toString()) && e.contains("memory"), e);
	}

	/** An 8-bit TIFF of zeros, PackBits-compressed (6 MB on disk for 20000 x 20000 pixels). */
	static void packBitsZeros(Path file, int width, int height) throws Exception {
		int runs = width / 128, rest = width % 128, rowBytes = 2 * runs + (rest > 0 ? 2 : 0);
		int entries = 9, ifd = 8, data = ifd + 2 + 12 * entries + 4;
		try (OutputStream raw = Files.newOutputStream(file); DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(raw))) {
			o.writeBytes("MM");
			o.writeShort(42);
			o.writeInt(ifd);
			o.writeShort(entries);
			int[][] tags = { { 256, 4, width }, { 257, 4, height }, { 258, 3, 8 }, { 259, 3, 32773 }, { 262, 3, 1 }, { 273, 4, data },
				{ 277, 3, 1 }, { 278, 4, height }, { 279, 4, rowBytes * height } };
			for (int[] t : tags) {
				o.writeShort(t[0]);
				o.writeShort(t[1]);
				o.writeInt(1);
				if (t[1] == 3) {
					o.writeShort(t[2]);
					o.writeShort(0);
				}
				else o.writeInt(t[2]);
			}
			o.writeInt(0);
			for (int y = 0; y < height; y++) {
				for (int r = 0; r < runs; r++) {
					o.writeByte(-127);
					o.writeByte(0);
				}
				if (rest > 0) {
					o.writeByte(-(rest - 1));
					o.writeByte(0);
				}
			}
		}
	}
}
