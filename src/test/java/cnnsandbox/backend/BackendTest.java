package cnnsandbox.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The backend line users read: the real one here (CPU), and the CUDA one from the properties ND4J's CUDA backend reports. */
class BackendTest {

	@Test
	void describesTheCpuBackendThatActuallyRuns() {
		String line = Backend.describe();
		assertTrue(line.startsWith("ND4J CPU backend (nd4j-native, "), line);
		assertTrue(line.contains("device: CPU") && line.matches(".*cores, [0-9]+ threads?;.*"), line);
		assertTrue(line.contains("; binary " + NativeBinary.select().classifier + " (best shipped binary for this CPU: "), "names the binary and why: " + line);
		assertTrue(line.contains("off-heap limit "), line);
	}

	@Test
	void describesTheCudaDeviceOfTheCurrentThread() {
		Map<String, Object> gpu0 = new HashMap<>();
		gpu0.put("cuda.deviceName", "NVIDIA T4");
		gpu0.put("cuda.deviceMajor", 7);
		gpu0.put("cuda.deviceMinor", 5);
		gpu0.put("cuda.totalMemory", 16L * 1024 * 1024 * 1024);
		Map<String, Object> gpu1 = new HashMap<>(gpu0);
		gpu1.put("cuda.deviceName", "NVIDIA A100");
		Map<String, Object> env = new HashMap<>();
		env.put("backend", "CUDA");
		env.put("blas.vendor", "CUBLAS");
		env.put("cuda.devicesInformation", List.of(gpu0, gpu1));
		assertEquals("ND4J CUDA backend (nd4j-cuda, CUBLAS), device: CUDA device 1: NVIDIA A100 (compute 7.5, 16.0 GiB), "
			+ "2 GPU(s) visible", Backend.describe(env, 1, -1));
	}

	@Test
	void namesTheCpuInstructionSet() {
		Map<String, Object> env = Map.of("backend", "CPU", "blas.vendor", "OPENBLAS", "cores", 2, "omp.threads", 1);
		assertEquals("ND4J CPU backend (nd4j-native, AVX2 binary, OPENBLAS), device: CPU, 2 cores, 1 thread",
			Backend.describe(env, null, 2));
	}
}
