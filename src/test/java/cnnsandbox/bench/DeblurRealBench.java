package cnnsandbox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cnnsandbox.backend.Threads;
import cnnsandbox.deblur.DeblurResult;
import cnnsandbox.deblur.DeblurSettings;
import cnnsandbox.deblur.Deblurrer;

/**
 * Deblur Signal at its defaults (sigma=2, nothing else) on real images with the boundary unknown and Gaussian or
 * Poisson noise at three levels, beside scikit-image's Richardson-Lucy and Wiener at their best settings chosen
 * with the ground truth (src/test/python/deblur_peer.py makes the cases and runs the peers; it also scores our
 * outputs with skimage.metrics, so both sides are measured by the same code). Prints a Markdown table.
 * Usage: DeblurRealBench [work directory] (default: a temporary directory, deleted afterwards).
 */
public final class DeblurRealBench {
	private DeblurRealBench() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("deblur-bench");
		System.out.println("threads: " + Threads.forWorkload(Threads.Workload.BATCH) + "; cases in " + dir);
		if (!Files.exists(dir.resolve("cases.json"))) {
			python("make", dir);
		}
		String json = Files.readString(dir.resolve("cases.json"));
		Map<String, int[]> cases = new LinkedHashMap<>();
		Matcher m = Pattern.compile("\"([a-z]+-[a-z]+-[0-9.]+)\": \\{\\s*\"shape\": \\[\\s*(\\d+),\\s*(\\d+)").matcher(json);
		while (m.find()) {
			cases.put(m.group(1), new int[] { Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)) });
		}
		List<String> seconds = new ArrayList<>();
		boolean warm = false;
		for (Map.Entry<String, int[]> c : cases.entrySet()) {
			int h = c.getValue()[0], w = c.getValue()[1];
			double[] y = read(dir.resolve(c.getKey() + ".y.f32"), w * h);
			DeblurSettings s = new DeblurSettings();
			s.sigma = 2;
			if (!warm) {
				Deblurrer.run(y, w, h, 1, s, null, null, null, false); // JIT warm-up, not timed
				warm = true;
			}
			long t0 = System.nanoTime();
			DeblurResult r = Deblurrer.run(y, w, h, 1, s, null, null, null, false);
			double t = (System.nanoTime() - t0) * 1e-9;
			System.out.printf(Locale.ROOT, "%s: %.2f s, %s; %s%n", c.getKey(), t, r.method, r.stopReason);
			write(dir.resolve(c.getKey() + ".ours.f32"), r.deblurred);
			seconds.add(String.format(Locale.ROOT, "\"%s\": %.3f", c.getKey(), t));
		}
		Files.writeString(dir.resolve("ours.json"), "{" + String.join(", ", seconds) + "}");
		python("score", dir);
		if (args.length == 0) {
			try (var files = Files.list(dir)) {
				for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
			}
			Files.delete(dir);
		}
	}

	private static void python(String mode, Path dir) throws IOException, InterruptedException {
		Path script = Path.of("src/test/python/deblur_peer.py");
		Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), mode, dir.toString()).inheritIO().start();
		if (p.waitFor() != 0) {
			throw new IllegalStateException(script + " " + mode + " failed (exit " + p.exitValue() + ")");
		}
	}

	private static double[] read(Path file, int n) {
		try {
			ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
			double[] v = new double[n];
			for (int i = 0; i < n; i++) v[i] = b.getFloat();
			return v;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void write(Path file, double[] v) throws IOException {
		ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
		for (double a : v) b.putFloat((float) a);
		Files.write(file, b.array());
	}
}
