package cnnsandbox.backend;

import java.util.Properties;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend and device run the models, said in one line at the top of every command's log.
 * <p>
 * The backend is whatever ND4J found on the class path (nd4j-native by default, nd4j-cuda with the Maven profile
 * {@code cuda}); we only read back what ND4J itself reports, so the description cannot drift from the truth.
 */
public final class Backend {

	private Backend() {}

	/** Starts ND4J if needed and describes it, e.g. {@code ND4J CPU backend (nd4j-native, AVX512), device: cpu, 2 threads}. */
	public static String describe() {
		Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
		String backend = Nd4j.getBackend().getClass().getSimpleName(); // CpuBackend or JCublasBackend
		boolean cuda = backend.toLowerCase().contains("cu");
		String device = cuda ? cudaDevice(env) : "cpu";
		String threads = String.valueOf(env.getOrDefault("omp.threads", "?"));
		return "ND4J " + (cuda ? "CUDA" : "CPU") + " backend (" + backend + ", " + env.getOrDefault("backend", "?")
			+ ", blas " + env.getOrDefault("blas.vendor", "?") + "), device: " + device + ", threads: " + threads;
	}

	private static String cudaDevice(Properties env) {
		Object list = env.get("cuda.devicesInformation");
		return list == null ? "cuda" : "cuda " + list;
	}
}
