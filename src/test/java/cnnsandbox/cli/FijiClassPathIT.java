package cnnsandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on the class path Fiji would give them. The build already takes pom-scijava's version of every
 * shared artifact (imported BOM) except JavaCPP and OpenBLAS, which ND4J M2.1 was built against (1.5.7). In a
 * Fiji.app that already has pom-scijava's JavaCPP 1.5.10, {@code mvn install -Dscijava.app.directory} skips our
 * older copy (scijava-maven-plugin keeps the newer jar), so ND4J would run on 1.5.10: this test runs the
 * ND4J-dependent paths on exactly that class path.
 */
class FijiClassPathIT {

	static String classPath;

	@BeforeAll
	static void fijiClassPath() throws IOException {
		Path app = Paths.get(System.getProperty("app.dir", "target/app")).toAbsolutePath();
		Path fiji = app.getParent().resolve("fiji-jars");
		assertTrue(Files.isDirectory(fiji), "run 'mvn verify' (pre-integration-test copies pom-scijava's javacpp/openblas to " + fiji + ")");
		List<Path> jars = new ArrayList<>();
		try (Stream<Path> s = Files.list(app.resolve("jars"))) {
			s.filter(p -> !p.getFileName().toString().matches("(javacpp|openblas)-.*")).forEach(jars::add);
		}
		try (Stream<Path> s = Files.list(fiji)) {
			s.forEach(jars::add);
		}
		assertTrue(jars.stream().anyMatch(p -> p.getFileName().toString().equals("javacpp-1.5.10.jar")), jars.toString());
		jars.add(app.resolve("plugins").resolve("*"));
		classPath = jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
	}

	static String run(Path out, String... args) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
			"-cp", classPath, "cnnsandbox.Main"));
		cmd.addAll(List.of(args));
		cmd.addAll(List.of("--output", out.toString()));
		Path log = Files.createTempFile("fiji-cp", ".log");
		try {
			Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			assertTrue(p.waitFor(5, TimeUnit.MINUTES), "timed out");
			String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
			assertEquals(0, p.exitValue(), text);
			return text;
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	static double lastLoss(Path out) throws IOException {
		List<String> rows = Files.readAllLines(out.resolve("Deblur Loss.csv"));
		return Double.parseDouble(rows.get(rows.size() - 1).split(",")[1]);
	}

	@Test
	void samediffAutodiffDeblurOnFijisJavacpp(@TempDir Path out) throws Exception {
		String input = "input=" + Paths.get("sample-images/workshop-signal.tif").toAbsolutePath();
		String log = run(out, "--run", "Deblur Signal", "iterations=11 log_every=5 gradient=autodiff " + input);
		assertTrue(log.contains("ND4J CPU backend"), log);
		assertEquals(1.11532, lastLoss(out), 1e-4, log);
	}

	@Test
	void preconditionedDeblurUsesLapackOnFijisOpenblas(@TempDir Path out) throws Exception {
		String input = "input=" + Paths.get("sample-images/workshop-signal.tif").toAbsolutePath();
		run(out, "--run", "Deblur Signal", "iterations=2501 metric=Preconditioned " + input);
		double loss = lastLoss(out);
		assertTrue(loss < 0.1725, "the preconditioned descent beats plain L2's 0.1725 at 2500 steps: " + loss);
	}

	@Test
	void trainingAndClassifyingOnFijisJavacpp(@TempDir Path out) throws Exception {
		Path model = out.resolve("mlp.zip");
		run(out, "--run", "Train Fashion Classifier", "model=MLP epochs=1 train_limit=2000 test_limit=500 model_file=" + model);
		List<String> log = Files.readAllLines(out.resolve("Training Log.csv"));
		assertTrue(Integer.parseInt(log.get(2).split(",")[5].trim()) > 150, "above chance (50 of 500): " + log);
		run(out.resolve("classify"), "--run", "Show Filters", "model_file=" + model);
		assertTrue(Files.exists(out.resolve("classify").resolve("Filters.tif")));
	}
}
