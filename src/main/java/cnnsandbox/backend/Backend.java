package cnnsandbox.backend;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Which ND4J backend and device run the models, said in one line at the top of every command's log and stored in
 * model files.
 * <p>
 * The backend is whatever ND4J found on the class path (nd4j-native by default, nd4j-cuda with the Maven profile
 * {@code cuda}); we only format what ND4J itself reports (its environment properties, the CUDA device of the
 * current thread, the CPU binary's instruction set), so the description cannot drift from the truth.
 */
public final class Backend {

	private Backend() {}

	/** Starts ND4J if needed and describes it, e.g. {@code ND4J CPU backend (nd4j-native, AVX512 binary, OPENBLAS), device: CPU, 2 cores, 2 threads; binary
	 * linux-x86_64-onednn-avx512 (best shipped binary for this CPU: ...)}. */
	public static String describe() {
		// Choose the CPU binary before ND4J's first class initialises (see NativeBinary); refuse, with the reason, where none fits.
		NativeBinary.Choice binary = NativeBinary.requireNd4j();
		Map<Object, Object> env = Nd4j.getExecutioner().getEnvironmentInformation();
		boolean cuda = isCuda(env);
		Integer device = cuda ? Nd4j.getAffinityManager().getDeviceForCurrentThread() : null;
		int binaryLevel = cuda ? -1 : NativeOpsHolder.getInstance().getDeviceNativeOps().binaryLevel();
		return describe(env, device, binaryLevel) + (cuda ? "" : "; binary " + binary) + "; " + NativeMemory.limit();
	}

	/** Whether ND4J runs on its CUDA backend, as ND4J reports it (its environment's {@code backend} property). */
	public static boolean isCuda() {
		return isCuda(Nd4j.getExecutioner().getEnvironmentInformation());
	}

	static boolean isCuda(Map<?, ?> env) {
		return "CUDA".equalsIgnoreCase(String.valueOf(env.get("backend")));
	}

	/**
	 * Formats ND4J's environment properties; {@code device} is the CUDA device of the current thread (null on the
	 * CPU), {@code binaryLevel} the CPU binary's level (0 generic, 2 AVX2, 3 AVX-512).
	 */
	static String describe(Map<?, ?> env, Integer device, int binaryLevel) {
		String blas = String.valueOf(env.get("blas.vendor"));
		if (isCuda(env)) {
			List<?> devices = env.get("cuda.devicesInformation") instanceof List ? (List<?>) env.get("cuda.devicesInformation") : List.of();
			String name = "CUDA device " + device;
			if (device != null && device >= 0 && device < devices.size() && devices.get(device) instanceof Map) {
				Map<?, ?> d = (Map<?, ?>) devices.get(device);
				name += ": " + d.get("cuda.deviceName") + " (compute " + d.get("cuda.deviceMajor") + "." + d.get("cuda.deviceMinor")
					+ ", " + gib(d.get("cuda.totalMemory")) + ")";
			}
			return "ND4J CUDA backend (nd4j-cuda, " + blas + "), device: " + name + ", " + devices.size() + " GPU(s) visible";
		}
		return "ND4J CPU backend (nd4j-native, " + level(binaryLevel) + " binary, " + blas + "), device: CPU, "
			+ env.get("cores") + " cores, " + env.get("omp.threads") + ("1".equals(String.valueOf(env.get("omp.threads"))) ? " thread" : " threads");
	}

	private static String level(int binaryLevel) {
		switch (binaryLevel) {
			case 0: case 1: return "generic";
			case 2: return "AVX2";
			case 3: return "AVX512";
			default: return "level " + binaryLevel;
		}
	}

	private static String gib(Object bytes) {
		try {
			return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(String.valueOf(bytes)) / (1024.0 * 1024 * 1024));
		}
		catch (NumberFormatException e) {
			return "? GiB";
		}
	}
}
