package cnnsandbox.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The thread policy: who decides the count, and the Java-side parallel loop. */
class ThreadsTest {

	@AfterEach
	void automatic() {
		Threads.setSetting(0);
	}

	@Test
	void settingWinsOverEnvironmentAndAutomaticUsesAllCores() {
		Threads.setSetting(3);
		assertEquals(3, Threads.forWorkload(Threads.Workload.BATCH));
		assertEquals(3, Threads.forWorkload(Threads.Workload.ONE_IMAGE), "an explicit count applies to every workload");
		Threads.setSetting(0);
		int env = Threads.parseEnv(System.getenv("OMP_NUM_THREADS"));
		assertEquals(env > 0 ? env : Threads.available(), Threads.forWorkload(Threads.Workload.BATCH));
		assertEquals(env > 0 ? env : 1, Threads.forWorkload(Threads.Workload.ONE_IMAGE));
	}

	@Test
	void batchesTooSmallToSplitRunOnOneThread() {
		int env = Threads.parseEnv(System.getenv("OMP_NUM_THREADS"));
		int automatic = env > 0 ? env : Threads.available();
		assertEquals(env > 0 ? env : 1, Threads.forBatch(250L * 784 * 100), "the workshop MLP's training batch");
		assertEquals(automatic, Threads.forBatch(10_000L * 784 * 100), "its 10,000-image inference batch");
		assertEquals(automatic, Threads.forBatch(250L * 3_612_672), "the workshop CNN's training batch (conv2)");
		Threads.setSetting(3);
		assertEquals(3, Threads.forBatch(1), "an explicit count applies whatever the size");
	}

	@Test
	void environmentVariableIsParsedAsOpenMpDoes() {
		assertEquals(0, Threads.parseEnv(null));
		assertEquals(4, Threads.parseEnv("4"));
		assertEquals(4, Threads.parseEnv(" 4,2"));
		assertEquals(0, Threads.parseEnv("many"));
	}

	@Test
	void badSettingIsRefusedWithTheKeyAndTheRange() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Threads.setSetting(-1));
		assertTrue(e.getMessage().startsWith("threads must be 0 (automatic"), e.getMessage());
		assertEquals(0, Threads.setting(), "nothing stored");
	}

	@Test
	void parallelForVisitsEachIndexOnceOnAnyThreadCount() {
		for (int threads = 1; threads <= 5; threads++) {
			AtomicIntegerArray seen = new AtomicIntegerArray(1001);
			int sum = Threads.parallelFor(1001, threads, 7, (from, to) -> {
				for (int i = from; i < to; i++)
					seen.incrementAndGet(i);
				return to - from;
			});
			assertEquals(1001, sum);
			for (int i = 0; i < 1001; i++)
				assertEquals(1, seen.get(i), "index " + i + " with " + threads + " threads");
		}
		assertEquals(0, Threads.parallelFor(0, 4, 1, (from, to) -> 1));
	}

	@Test
	void parallelForPassesTheFirstErrorOn() {
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> Threads.parallelFor(100, 4, 1, (from, to) -> {
			if (from > 0)
				throw new IllegalStateException("piece " + from);
			return 0;
		}));
		assertTrue(e.getMessage().startsWith("piece "));
	}

	@Test
	void openMpWorkersSleepWhenIdleUnlessTheUserChose() {
		Threads.prepareNatives();
		String user = System.getenv("OMP_WAIT_POLICY");
		if (user == null && System.getenv("GOMP_SPINCOUNT") == null)
			assertEquals("PASSIVE", Threads.waitPolicy());
		else
			assertEquals(user, Threads.waitPolicy());
	}
}
