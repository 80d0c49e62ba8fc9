package cnnsandbox.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.modelfile.ModelFile;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

/**
 * Kill tests: the CLI (target/app) gets SIGINT or SIGTERM at seeded random points of a training run (which saves a
 * model) and of a run whose outputs take a while to write. Afterwards the output folder holds no temporary file
 * (the shutdown hook deleted them), and every earlier output is either untouched (byte for byte) or a complete new
 * file: the model loads, the images open, the tables have all their rows.
 */
class SignalsIT {

	final Path app = Paths.get(System.getProperty("app.dir", "target/app")).toAbsolutePath();
	final long seed = Long.getLong("kill.seed", 12L);
	final Random random = new Random(seed);

	@Test
	void killedTrainingLeavesNoTemporaryFileAndTheEarlierModel(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST in " + FashionMnist.DEFAULT_DIR);
		Path out = dir.resolve("out");
		String settings = "hidden=1000 epochs=2 train_limit=3000 test_limit=500 model_file=[" + out.resolve("m.zip") + "]";
		long millis = reference(new String[] { "--run", "Train Fashion Classifier", settings + " seed=2", "--output", out.toString() });
		killAtRandomPoints(out, millis, new String[] { "--run", "Train Fashion Classifier", settings + " seed=1", "--output", out.toString() });
	}

	@Test
	void killedOutputWritingLeavesNoTemporaryFileAndTheEarlierOutputs(@TempDir Path dir) throws Exception {
		FloatProcessor fp = new FloatProcessor(512, 512);
		Random r = new Random(1);
		for (int i = 0; i < 512 * 512; i++) fp.setf(i, r.nextFloat());
		Path input = dir.resolve("input.tif");
		new FileSaver(new ImagePlus("input", fp)).saveAsTiff(input.toString());
		Path out = dir.resolve("out");
		// 61 snapshots of 512 x 512 floats: a 63 MB TIFF, so that a signal can land while it is written
		String settings = "sigma=2 iterations=60 log_every=1 metric=L2 input=[" + input + "]";
		long millis = reference(new String[] { "--run", "Deblur Signal", settings + " learning_rate=0.5", "--output", out.toString() });
		killAtRandomPoints(out, millis, new String[] { "--run", "Deblur Signal", settings, "--output", out.toString() });
	}

	/** Runs to the end (the earlier outputs); returns how long it took. */
	long reference(String[] args) throws Exception {
		long t0 = System.nanoTime();
		Process p = start(args);
		assertTrue(p.waitFor(5, TimeUnit.MINUTES), "reference run finished");
		assertEquals(0, p.exitValue(), "reference run: " + new String(p.getInputStream().readAllBytes()));
		return (System.nanoTime() - t0) / 1_000_000;
	}

	void killAtRandomPoints(Path out, long millis, String[] args) throws Exception {
		Map<String, byte[]> earlier = contents(out);
		List<String> log = new ArrayList<>();
		int completed = 0;
		for (int run = 0; run < 6; run++) {
			boolean interrupt = run % 2 == 0, whileWriting = run >= 2;
			long delay = 300 + (long) (random.nextDouble() * millis * 1.05);
			Process p = start(args);
			if (whileWriting) delay = untilTemporaryFile(out, p, millis * 2) + random.nextInt(20); // the writing itself
			else Thread.sleep(delay);
			if (interrupt) new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
			else p.destroy(); // SIGTERM
			assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI ended after the signal");
			log.add((interrupt ? "SIGINT" : "SIGTERM") + (whileWriting ? " while writing" : "") + " at " + delay + " ms of ~" + millis
				+ ": exit " + p.exitValue());
			String context = "kill seed " + seed + ", " + log;
			try (Stream<Path> s = Files.list(out)) {
				List<String> hidden = s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).collect(Collectors.toList());
				assertTrue(hidden.isEmpty(), "temporary files left: " + hidden + " (" + context + ")");
			}
			Map<String, byte[]> now = contents(out);
			assertEquals(earlier.keySet(), now.keySet(), context);
			for (Map.Entry<String, byte[]> e : now.entrySet()) {
				if (java.util.Arrays.equals(e.getValue(), earlier.get(e.getKey()))) continue;
				assertComplete(out.resolve(e.getKey()), earlier.get(e.getKey()), context);
			}
			if (p.exitValue() == 0) completed++;
			earlier = now;
		}
		System.out.println("kill runs (seed " + seed + "): " + log + "; " + completed + " finished before the signal");
	}

	/** Waits until a temporary file (a name starting with a dot) appears in {@code dir}; returns the milliseconds waited. */
	static long untilTemporaryFile(Path dir, Process p, long timeoutMillis) throws Exception {
		long t0 = System.nanoTime();
		while (p.isAlive() && (System.nanoTime() - t0) / 1_000_000 < timeoutMillis) {
			if (Files.isDirectory(dir)) {
				try (Stream<Path> s = Files.list(dir)) {
					if (s.anyMatch(f -> f.getFileName().toString().startsWith("."))) break;
				}
				catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
					// a file vanished while listing: look again
				}
			}
			Thread.sleep(2);
		}
		return (System.nanoTime() - t0) / 1_000_000;
	}

	/** A replaced output is whole: the model loads, images open at the earlier size, tables have all their lines. */
	static void assertComplete(Path file, byte[] earlier, String context) throws Exception {
		String name = file.getFileName().toString();
		if (name.endsWith(".zip")) assertNotNull(ModelFile.load(file), context);
		else if (name.endsWith(".tif")) {
			ImagePlus now = IJ.openImage(file.toString());
			assertNotNull(now, name + " opens (" + context + ")");
			Path old = Files.createTempFile("earlier", ".tif");
			Files.write(old, earlier);
			ImagePlus before = IJ.openImage(old.toString());
			Files.delete(old);
			assertArrayEquals(before.getDimensions(), now.getDimensions(), name + " (" + context + ")");
		}
		else if (name.endsWith(".png")) assertNotNull(ImageIO.read(file.toFile()), name + " (" + context + ")");
		else if (name.endsWith(".csv"))
			assertEquals(new String(earlier).split("\n").length, Files.readAllLines(file).size(), name + " (" + context + ")");
	}

	static Map<String, byte[]> contents(Path dir) throws Exception {
		Map<String, byte[]> m = new LinkedHashMap<>();
		try (Stream<Path> s = Files.list(dir).sorted()) {
			for (Path f : s.collect(Collectors.toList())) m.put(f.getFileName().toString(), Files.readAllBytes(f));
		}
		return m;
	}

	Process start(String[] args) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
			app.resolve("jars") + "/*:" + app.resolve("plugins") + "/*", "cnnsandbox.Main"));
		cmd.addAll(List.of(args));
		return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
	}
}
