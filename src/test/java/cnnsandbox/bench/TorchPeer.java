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
 * script {@code src/test/python/torch_peer.py}: at PyTorch's default thread count, after its warm-up. When
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
		out.add(runOnce(script, args, false, coretype == null ? "" : ", OPENBLAS_CORETYPE=" + coretype));
		if (coretype != null)
			out.add(runOnce(script, args, true, ", OPENBLAS_CORETYPE unset"));
		out.removeIf(r -> r == null);
		return out;
	}

	private static Result runOnce(Path script, String[] args, boolean unsetCoretype, String label) {
		List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
		cmd.addAll(Arrays.asList(args));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
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

	static boolean available() {
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
