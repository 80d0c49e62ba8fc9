package cnnsandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnsandbox.data.FashionMnist;

/**
 * A run of the CLI of target/app prints nothing on stdout but the command's own lines (issue 22): no SLF4J
 * "No SLF4J providers were found", no SameDiff "Added differentiated op", no ANSI colour codes, and no library
 * warning on stderr. The two commands load ND4J, and the first builds a SameDiff gradient.
 */
class QuietStdoutIT {

	/** The CLI's own stdout lines: log lines, a table's title, header and rows (CSV), files written, a message. */
	static final Pattern OWN_LINE = Pattern.compile("\\[INFO\\] .*|# .+|.*,.*|wrote .+|message: .+");

	final Path app = Paths.get(System.getProperty("app.dir", "target/app")).toAbsolutePath();

	@Test
	void deblurWithSameDiffPrintsOnlyItsOwnLines(@TempDir Path dir) throws Exception {
		String[] out = run(dir, "--run", "Deblur Signal",
			"iterations=3 log_every=1 gradient=autodiff input=sample-images/workshop-signal.tif", "--output", dir.resolve("o").toString());
		assertTrue(out[0].startsWith("[INFO] Deblur Signal on ND4J"), out[0]);
		assertTrue(out[0].contains("# Deblur Loss\niteration,loss,max_abs_x,seconds\n0,1.9"), out[0]);
	}

	@Test
	void trainingPrintsOnlyItsOwnLines(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST");
		String[] out = run(dir, "--run", "Train Fashion Classifier", "model=MLP epochs=1 train_limit=1000 test_limit=100 optimizer=Adam learning_rate=0.001",
			"--output", dir.resolve("o").toString());
		assertTrue(out[0].contains("# Training Log\nepoch,seconds,train_loss,test_loss,test_accuracy,correct,balanced_accuracy,learning_rate\n"), out[0]);
	}

	/** Runs the CLI in its own JVM; checks stdout and stderr; returns both. */
	String[] run(Path dir, String... args) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
			"-cp", app.resolve("jars") + "/*:" + app.resolve("plugins") + "/*", "cnnsandbox.Main"));
		cmd.addAll(List.of(args));
		Process p = new ProcessBuilder(cmd).start();
		p.getOutputStream().close();
		byte[] stdoutBytes = p.getInputStream().readAllBytes();
		String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the CLI did not finish");
		String stdout = new String(stdoutBytes, StandardCharsets.UTF_8);
		assertEquals(0, p.exitValue(), stdout + stderr);

		assertFalse(stdout.contains("\u001b") || stderr.contains("\u001b"), "ANSI escape codes:\n" + stdout + stderr);
		List<String> foreign = stdout.lines().filter(l -> !OWN_LINE.matcher(l).matches()).collect(Collectors.toList());
		assertTrue(foreign.isEmpty(), "stdout holds lines that are not the command's: " + foreign + "\n" + stdout);
		// a library's warnings (SLF4J's, a logger's "WARN"); the command's own "[WARNING] ..." lines are its output
		List<String> warnings = stderr.lines().filter(l -> l.contains("SLF4J") || (l.contains("WARN") && !l.startsWith("[WARNING] ")))
			.collect(Collectors.toList());
		assertTrue(warnings.isEmpty(), "stderr: " + warnings);
		assertTrue(stdout.contains("wrote "), stdout);
		return new String[] { stdout, stderr };
	}
}
