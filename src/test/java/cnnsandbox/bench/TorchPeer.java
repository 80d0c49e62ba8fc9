package cnnsandbox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;

/**
 * The same work done by PyTorch (Debian's python3-torch, {@code /usr/bin/python3}) in the same run, through the
 * script {@code src/test/python/torch_peer.py}, after its warm-up: at PyTorch's default thread count, then at
 * {@code torch.set_num_threads(cores)}. Both are printed and ours is compared with the faster of the two
 * ({@link #fastest}): PyTorch's default here is 1 thread, which a user with 2 cores would raise, and a ratio against
 * the default alone flattered us (the CNN's "2.26x" was 1.4-1.5x against 2 threads). When
 * {@code OPENBLAS_CORETYPE} is set (it slows some OpenBLAS kernels), the work is also run without it. Skipped with a
 * line saying why when PyTorch or the script is missing; the script is found from the working directory (the
 * repository) or the system property {@code cnnsandbox.torchPeer}.
 */
final class TorchPeer {

	static final String PYTHON = "/usr/bin/python3";

	/** One run of the peer: its environment label and its JSON fields. */
	static final class Result {
		final String label;
		final Map<String, Object> fields;

		Result(String label, Map<String, Object> fields) {
			this.label = label;
			this.fields = fields;
		}

		double number(String key) {
			Object v = fields.get(key);
			return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
		}

		/** e.g. {@code PyTorch 1.13.0a0, 1 thread(s), OpenBLAS 2 thread(s)}: its BLAS threads are its own. */
		String who() {
			int blas = (int) number("blas_threads");
			return "PyTorch " + fields.get("torch") + ", " + (int) number("threads") + " thread(s)"
				+ (blas > 0 ? ", OpenBLAS " + blas + " thread(s) for its products" : "") + label;
		}

		/** {@code default, 1 thread} or {@code set_num_threads(2)}: the short name of this run in ratio lines. */
		String threads() {
			return label.contains("set_num_threads") ? "set_num_threads(" + (int) number("threads") + ")"
				: "default, " + (int) number("threads") + " thread(s)";
		}
	}

	private TorchPeer() {}

	/** Runs the peer's task; empty (after printing why) when PyTorch cannot run. */
	static List<Result> run(String... args) {
		List<Result> out = new ArrayList<>();
		Path script = script();
		if (script == null) {
			System.out.println("PyTorch peer: skipped (src/test/python/torch_peer.py not found; run from the repository "
				+ "or set -Dcnnsandbox.torchPeer=PATH)");
			return out;
		}
		if (!available()) {
			System.out.println("PyTorch peer: skipped (" + PYTHON + " cannot import torch: apt-get install python3-torch)");
			return out;
		}
		String coretype = System.getenv("OPENBLAS_CORETYPE");
		int cores = Runtime.getRuntime().availableProcessors();
		String[] threaded = new String[args.length + 2];
		threaded[0] = "--threads";
		threaded[1] = String.valueOf(cores);
		System.arraycopy(args, 0, threaded, 2, args.length);
		String set = ", torch.set_num_threads(" + cores + ")";
		out.add(runOnce(script, args, false, coretype == null ? ", default" : ", default, OPENBLAS_CORETYPE=" + coretype));
		out.add(runOnce(script, threaded, false, coretype == null ? set : set + ", OPENBLAS_CORETYPE=" + coretype));
		if (coretype != null) {
			out.add(runOnce(script, args, true, ", default, OPENBLAS_CORETYPE unset"));
			out.add(runOnce(script, threaded, true, set + ", OPENBLAS_CORETYPE unset"));
		}
		out.removeIf(r -> r == null);
		return out;
	}

	/**
	 * The run with the largest {@code key} (a rate: images/s), or the smallest when {@code key} is a time
	 * ({@code lowerIsBetter}); null when there is none.
	 */
	static Result fastest(List<Result> runs, String key, boolean lowerIsBetter) {
		Result best = null;
		for (Result r : runs) {
			double v = r.number(key);
			if (Double.isNaN(v))
				continue;
			if (best == null || (lowerIsBetter ? v < best.number(key) : v > best.number(key)))
				best = r;
		}
		return best;
	}

	/** Runs the script once with extra environment variables; null (after printing why) when it fails. */
	static Result runWith(Map<String, String> env, String... args) {
		Path script = script();
		if (script == null || !available())
			return null;
		return runOnce(script, args, false, "", env);
	}

	private static Result runOnce(Path script, String[] args, boolean unsetCoretype, String label) {
		return runOnce(script, args, unsetCoretype, label, Map.of());
	}

	private static Result runOnce(Path script, String[] args, boolean unsetCoretype, String label, Map<String, String> env) {
		List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
		cmd.addAll(Arrays.asList(args));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
		pb.environment().putAll(env);
		if (unsetCoretype) {
			pb.environment().remove("OPENBLAS_CORETYPE");
			pb.environment().remove("OPENBLAS_L2_SIZE");
		}
		try {
			Process p = pb.start();
			String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (p.waitFor() != 0) {
				System.out.println("PyTorch peer: failed (exit " + p.exitValue() + ")");
				return null;
			}
			String last = text.substring(text.lastIndexOf('\n') + 1);
			@SuppressWarnings("unchecked")
			Map<String, Object> fields = new Gson().fromJson(last, Map.class);
			return new Result(label, fields);
		}
		catch (IOException | RuntimeException e) {
			System.out.println("PyTorch peer: failed (" + e + ")");
			return null;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static Boolean available;

	static synchronized boolean available() {
		if (available == null)
			available = canImportTorch();
		return available;
	}

	private static boolean canImportTorch() {
		if (!Files.isExecutable(Paths.get(PYTHON)))
			return false;
		try {
			Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
			p.getInputStream().readAllBytes();
			return p.waitFor() == 0;
		}
		catch (IOException e) {
			return false;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Path script() {
		String prop = System.getProperty("cnnsandbox.torchPeer");
		Path p = prop != null ? Paths.get(prop) : Paths.get("src", "test", "python", "torch_peer.py");
		return Files.isRegularFile(p) ? p : null;
	}
}
