package cnnsandbox.backend;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

/** JavaCPP's limits and the one line an out-of-memory becomes (the real one: NativeMemoryIT). */
class NativeMemoryTest {

	@Test
	void limitsStayWithinTheMachine() {
		NativeMemory.limit();
		long max = Long.parseLong(System.getProperty(NativeMemory.MAX_BYTES));
		long physical = Long.parseLong(System.getProperty(NativeMemory.MAX_PHYSICAL));
		long heap = Runtime.getRuntime().maxMemory();
		assertTrue(max >= Math.min(heap, 1L << 30) && max <= heap, "off-heap limit " + max + " vs heap " + heap);
		assertTrue(physical >= heap + max, "the process limit leaves room for heap and off-heap: " + physical);
	}

	@Test
	void javacppsOutOfMemoryBecomesOneLineSayingWhatToChange() {
		// JavaCPP's own message (Pointer.deallocator), wrapped as SciJava wraps a command's failure
		OutOfMemoryError oom = new OutOfMemoryError("Failed to allocate memory within limits: totalBytes (1 GiB + 20 MiB) + size (200 MiB) > maxBytes (1 GiB)");
		String line = NativeMemory.explain(new ExecutionException(new RuntimeException("Module threw exception", oom)));
		assertTrue(line.startsWith("out of memory for ND4J's native arrays (limit "), line);
		assertTrue(line.contains("batch_size") && line.contains("-Dorg.bytedeco.javacpp.maxbytes="), line);
		assertTrue(NativeMemory.explain(new OutOfMemoryError("Java heap space")).startsWith("out of Java heap memory"));
		assertNull(NativeMemory.explain(new IllegalArgumentException("sigma must be > 0")));
	}
}
