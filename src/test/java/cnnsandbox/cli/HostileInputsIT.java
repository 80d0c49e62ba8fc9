package cnnsandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The fuzz test: {@link HostileInputs} in a JVM with a 512 MB heap whose resident size a watchdog keeps under 1.5 GB,
 * 416 seeded cases of damaged model files, IDX files, TIFFs and option strings, and (issue 24) class folders with
 * bombs, bad names and special files, layer lists and model files that blow memory, full disks (a 16 KB tmpfs, when
 * root), colliding paths, repeated keys and odd numbers. Every case must end in a correct result or in one line; no stack trace, no case
 * hanging past its 60 s, no JVM crash (the exit status and a missing hs_err file say so). Replay a failure with the
 * seed it prints: {@code mvn verify -Dit.test=HostileInputsIT -Dfuzz.seed=N}.
 */
class HostileInputsIT {

	/** The most resident memory the fuzz JVM may reach: its 512 MB heap, ND4J's native arrays, code and stacks. */
	static final long RSS_LIMIT = 1536L << 20;

	@Test
	void everyDamagedInputEndsInOneLineOrACorrectResult(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST in " + FashionMnist.DEFAULT_DIR);
		long seed = Long.getLong("fuzz.seed", 20261125L);
		Path log = dir.resolve("fuzz.log");
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		Process p = new ProcessBuilder(java, "-Xmx512m", "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-cp",
			System.getProperty("java.class.path"), HostileInputs.class.getName(), String.valueOf(seed), dir.resolve("work").toString())
			.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		long[] maxRss = { 0 };
		boolean[] overLimit = { false };
		Thread watchdog = new Thread(() -> { // the resident size, every 100 ms: a case that blows memory is killed and named
			while (p.isAlive()) {
				long rss = rss(p.pid());
				maxRss[0] = Math.max(maxRss[0], rss);
				if (rss > RSS_LIMIT) {
					overLimit[0] = true;
					p.destroyForcibly();
					return;
				}
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException e) {
					return;
				}
			}
		}, "rss watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		boolean finished;
		try {
			finished = p.waitFor(25, TimeUnit.MINUTES);
			if (!finished) p.destroyForcibly().waitFor();
			watchdog.join(1000);
		}
		finally { // the full-disk cases' tmpfs, if the fuzz JVM died before unmounting it
			new ProcessBuilder("umount", dir.resolve("work").resolve("full").toString()).redirectErrorStream(true).start().waitFor();
		}
		List<String> lines = Files.readAllLines(log);
		String tail = lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream().collect(Collectors.joining("\n"));
		String bad = lines.stream().filter(l -> l.startsWith("BAD")).collect(Collectors.joining("\n"));
		long cases = lines.stream().filter(l -> l.startsWith("CASE ")).count();
		System.out.println("fuzz seed " + seed + ": " + lines.stream().filter(l -> l.startsWith("SUMMARY")).findFirst().orElse("no summary")
			+ ", largest resident size " + (maxRss[0] >> 20) + " MB");
		assertFalse(overLimit[0], "the fuzz JVM passed " + (RSS_LIMIT >> 20) + " MB resident (seed " + seed + "), in:\n" + tail);
		assertTrue(finished, "the fuzz run did not finish in 25 minutes (seed " + seed + "):\n" + tail);
		try (Stream<Path> s = Files.list(dir)) {
			List<String> crashes = s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("hs_err")).collect(Collectors.toList());
			assertTrue(crashes.isEmpty(), "the JVM crashed (seed " + seed + "): " + crashes + "\n" + tail);
		}
		assertTrue(bad.isEmpty(), "cases without a one-line ending (seed " + seed + "):\n" + bad);
		assertEquals(0, p.exitValue(), "fuzz JVM exit status (seed " + seed + "):\n" + tail);
		assertTrue(cases >= 400, cases + " cases run");
		assertTrue(lines.stream().filter(l -> l.startsWith("OK ")).count() >= 20, "intact inputs must load correctly:\n" + tail);
	}

	/** VmRSS of a process, from /proc; 0 when it cannot be read. */
	static long rss(long pid) {
		try {
			for (String l : Files.readAllLines(Paths.get("/proc", String.valueOf(pid), "status")))
				if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) << 10;
		}
		catch (java.io.IOException | RuntimeException e) {
			// the process ended
		}
		return 0;
	}

}
