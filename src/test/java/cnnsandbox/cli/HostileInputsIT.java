package cnnsandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnsandbox.data.FashionMnist;

/**
 * The fuzz test: {@link HostileInputs} in a JVM with a 256 MB heap, 255 seeded cases of damaged model files, IDX
 * files, TIFFs and option strings. Every case must end in a correct result or in one line; no stack trace, no case
 * hanging past its 60 s, no JVM crash (the exit status and a missing hs_err file say so). Replay a failure with the
 * seed it prints: {@code mvn verify -Dit.test=HostileInputsIT -Dfuzz.seed=N}.
 */
class HostileInputsIT {

	@Test
	void everyDamagedInputEndsInOneLineOrACorrectResult(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST in " + FashionMnist.DEFAULT_DIR);
		long seed = Long.getLong("fuzz.seed", 20261125L);
		Path log = dir.resolve("fuzz.log");
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-cp",
			System.getProperty("java.class.path"), HostileInputs.class.getName(), String.valueOf(seed), dir.resolve("work").toString())
			.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		boolean finished = p.waitFor(8, TimeUnit.MINUTES);
		if (!finished) p.destroyForcibly().waitFor();
		List<String> lines = Files.readAllLines(log);
		String tail = lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream().collect(Collectors.joining("\n"));
		String bad = lines.stream().filter(l -> l.startsWith("BAD")).collect(Collectors.joining("\n"));
		long cases = lines.stream().filter(l -> l.startsWith("CASE ")).count();
		System.out.println("fuzz seed " + seed + ": " + lines.stream().filter(l -> l.startsWith("SUMMARY")).findFirst().orElse("no summary"));
		assertTrue(finished, "the fuzz run did not finish in 8 minutes (seed " + seed + "):\n" + tail);
		try (Stream<Path> s = Files.list(dir)) {
			List<String> crashes = s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("hs_err")).collect(Collectors.toList());
			assertTrue(crashes.isEmpty(), "the JVM crashed (seed " + seed + "): " + crashes + "\n" + tail);
		}
		assertTrue(bad.isEmpty(), "cases without a one-line ending (seed " + seed + "):\n" + bad);
		assertEquals(0, p.exitValue(), "fuzz JVM exit status (seed " + seed + "):\n" + tail);
		assertTrue(cases >= 200, cases + " cases run");
		assertTrue(lines.stream().filter(l -> l.startsWith("OK ")).count() >= 20, "intact inputs must load correctly:\n" + tail);
	}

}
