package cnnsandbox.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default {@code target/app} on older CPUs, emulated for one process by qemu-user ({@code qemu-x86_64 -cpu
 * MODEL java ...}): qemu raises SIGILL for instructions the model lacks (checked for AVX, AVX2, FMA, POPCNT), and the
 * JVM reads the emulated CPUID, so these runs see what a user with that CPU would see. Emulation is ~20x slower:
 * each run is one tiny job.
 */
class NativeBinaryIT {

	static Path app;
	static String java;

	@BeforeAll
	static void locate() throws IOException {
		app = Paths.get(System.getProperty("app.dir", "target/app")).toAbsolutePath();
		assertTrue(Files.isDirectory(app.resolve("jars")), "run 'mvn package' first: " + app + " has no jars/");
		assertTrue(new File("/usr/bin/qemu-x86_64").canExecute(), "needs Debian's qemu-user (apt-get install qemu-user; .ci/run does)");
		java = Paths.get(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
	}

	static String appClassPath() {
		return app.resolve("jars") + "/*" + File.pathSeparator + app.resolve("plugins") + "/*";
	}

	/** Runs the CLI from target/app under an emulated CPU; returns exit status and everything it printed. */
	static Result cli(String cpu, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
		return cli(appClassPath(), cpu, jvmOptions, args);
	}

	static Result cli(String classPath, String cpu, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>(List.of("/usr/bin/qemu-x86_64", "-cpu", cpu, java, "-Xmx1g"));
		cmd.addAll(jvmOptions);
		cmd.addAll(List.of("-cp", classPath, "cnnsandbox.Main"));
		cmd.addAll(List.of(args));
		Path log = Files.createTempFile("qemu", ".log");
		try {
			Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			boolean done = p.waitFor(6, TimeUnit.MINUTES);
			if (!done) p.destroyForcibly().waitFor();
			String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
			assertTrue(done, "no result within 6 minutes under -cpu " + cpu + ": " + out);
			return new Result(p.exitValue(), out);
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	static final class Result {
		final int status;
		final String out;

		Result(int status, String out) {
			this.status = status;
			this.out = out;
		}
	}

	static String[] deblur(String gradient, Path out) {
		return new String[] { "--run", "Deblur Signal", "iterations=11 log_every=5 gradient=" + gradient + " input="
			+ Paths.get("sample-images/workshop-signal.tif").toAbsolutePath(), "--output", out.toString() };
	}

	static double lossAt10(Path out) throws IOException {
		List<String> rows = Files.readAllLines(out.resolve("Deblur Loss.csv"));
		return Double.parseDouble(rows.get(rows.size() - 1).split(",")[1]);
	}

	@Test
	void haswellRunsAutodiffDeblurOnTheAvx2Binary(@TempDir Path out) throws Exception {
		Result r = cli("Haswell", List.of(), deblur("autodiff", out));
		assertEquals(0, r.status, r.out);
		assertTrue(r.out.contains("AVX2 binary") && r.out.contains("binary linux-x86_64-onednn-avx2 (best shipped binary for this CPU: "
			+ "CPU has AVX2+FMA, no AVX-512"), r.out);
		assertEquals(1.11532, lossAt10(out), 1e-4, "the workshop's loss after 10 steps, as on the host: " + r.out);
	}

	@Test
	void haswellTrainsASmallMlpAsTheHostDoes(@TempDir Path dir) throws Exception {
		String[] train = { "--run", "Train Fashion Classifier", "model=MLP epochs=1 train_limit=500 test_limit=200", "--output" };
		Path emulated = dir.resolve("haswell"), host = dir.resolve("host");
		Result r = cli("Haswell", List.of(), concat(train, emulated.toString()));
		assertEquals(0, r.status, r.out);
		assertTrue(r.out.contains("binary linux-x86_64-onednn-avx2"), r.out);
		List<String> log = Files.readAllLines(emulated.resolve("Training Log.csv"));
		assertEquals(3, log.size(), "header, epoch 0 and epoch 1: " + log);
		// the same seeded training on this machine's own binary: same test loss and the same count correct
		List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", appClassPath(), "cnnsandbox.Main"));
		cmd.addAll(List.of(concat(train, host.toString())));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
		assertTrue(p.waitFor(3, TimeUnit.MINUTES) && p.exitValue() == 0);
		String[] a = log.get(2).split(","), b = Files.readAllLines(host.resolve("Training Log.csv")).get(2).split(",");
		assertEquals(Double.parseDouble(b[3]), Double.parseDouble(a[3]), 1e-3, "test loss, emulated AVX2 vs host: " + log);
		assertEquals(b[5].trim(), a[5].trim(), "correct, emulated AVX2 vs host");
	}

	static String[] concat(String[] a, String last) {
		String[] all = Arrays.copyOf(a, a.length + 1);
		all[a.length] = last;
		return all;
	}

	@Test
	void sandyBridgeRunsAutodiffDeblurOnTheGenericBinary(@TempDir Path out) throws Exception {
		Result r = cli("SandyBridge", List.of(), deblur("autodiff", out));
		assertEquals(0, r.status, r.out);
		assertTrue(r.out.contains("binary linux-x86_64-onednn (best shipped binary for this CPU: CPU lacks AVX2"), r.out);
		assertEquals(1.11532, lossAt10(out), 1e-4, r.out);
	}

	@Test
	void nehalemRefusesABinaryItCannotRunAndStillDeblursInJava(@TempDir Path dir) throws Exception {
		Path refused = dir.resolve("refused"), analytic = dir.resolve("analytic");
		List<String> avx2 = List.of("-D" + NativeBinary.OVERRIDE_PROPERTY + "=avx2");
		Result r = cli("Nehalem", avx2, deblur("autodiff", refused));
		assertEquals(1, r.status, r.out);
		assertTrue(r.out.contains("Error: cnnsandbox.nd4j.binary=avx2 needs AVX2 but this CPU lacks AVX2"), r.out);
		assertTrue(r.out.contains("Deblur Signal with gradient=analytic"), "says what still works: " + r.out);
		assertFalse(r.out.contains("SIGILL") || r.out.contains("Illegal instruction"), r.out);
		assertFalse(Files.exists(refused.resolve("Deblurred.tif")), "nothing written");

		Result java = cli("Nehalem", avx2, deblur("analytic", analytic));
		assertEquals(0, java.status, java.out);
		assertEquals(1.11532, lossAt10(analytic), 1e-4, java.out);
	}

	@Test
	void sandyBridgeRefusesTrainingOnAnAvx512Override(@TempDir Path out) throws Exception {
		Result r = cli("SandyBridge", List.of("-D" + NativeBinary.OVERRIDE_PROPERTY + "=onednn-avx512"),
			"--run", "Train Fashion Classifier", "model=MLP epochs=1 train_limit=100 test_limit=100", "--output", out.toString());
		assertEquals(1, r.status, r.out);
		assertTrue(r.out.contains("Error: cnnsandbox.nd4j.binary=onednn-avx512 needs AVX-512 but this CPU lacks AVX-512"), r.out);
		assertFalse(Files.exists(out.resolve("Training Log.csv")));
	}

	/**
	 * The linux64 bundle (built by {@code mvn -Pbundles}; .ci/run builds it) in its Fiji.app layout, natives in
	 * jars/linux64, plus the ij.jar that Fiji has and the bundle leaves out.
	 */
	@Test
	void linuxBundleOnHaswell(@TempDir Path dir) throws Exception {
		Path bundle = Paths.get(System.getProperty("bundles.dir", "target/bundles")).toAbsolutePath().resolve("linux64");
		Assumptions.assumeTrue(Files.isDirectory(bundle), "no linux64 bundle: build with mvn -Pbundles verify");
		String ij;
		try (Stream<Path> jars = Files.list(app.resolve("jars"))) {
			ij = jars.filter(p -> p.getFileName().toString().matches("ij-[0-9].*\\.jar")).findFirst().orElseThrow().toString();
		}
		String cp = String.join(File.pathSeparator, bundle.resolve("jars") + "/*", bundle.resolve("jars/linux64") + "/*",
			bundle.resolve("plugins") + "/*", ij);
		Result r = cli(cp, "Haswell", List.of(), deblur("autodiff", dir.resolve("deblur")));
		assertEquals(0, r.status, r.out);
		assertTrue(r.out.contains("binary linux-x86_64-onednn-avx2 (best shipped binary for this CPU"), r.out);
		assertEquals(1.11532, lossAt10(dir.resolve("deblur")), 1e-4, r.out);
		r = cli(cp, "Haswell", List.of(), "--run", "Train Fashion Classifier", "model=MLP epochs=1 train_limit=500 test_limit=200",
			"--output", dir.resolve("train").toString());
		assertEquals(0, r.status, r.out);
		assertEquals(3, Files.readAllLines(dir.resolve("train").resolve("Training Log.csv")).size(), r.out);
	}
}
