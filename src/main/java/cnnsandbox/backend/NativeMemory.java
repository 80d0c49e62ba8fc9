package cnnsandbox.backend;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Limits for ND4J's off-heap memory in a Fiji session, set before JavaCPP's {@code Pointer} class reads them, and
 * the one line that explains an out-of-memory.
 * <p>
 * JavaCPP's defaults are {@code maxbytes} = the Java heap limit (-Xmx) and {@code maxphysicalbytes} = twice that.
 * Fiji gives the heap ~75 % of RAM, so the process could grow to 150 % of RAM before JavaCPP says no: the machine
 * swaps or the OS kills Fiji with the user's unsaved work. We keep the process within 90 % of RAM: off-heap gets
 * what the heap leaves (at least 1 GiB, at most -Xmx), and an allocation beyond it is an OutOfMemoryError that the
 * command reports, not a dead JVM. A user's own {@code -Dorg.bytedeco.javacpp.maxbytes=...} wins. Measured: ND4J
 * M2.1's CPU array buffers are not counted by JavaCPP (a CNN training ran with maxbytes=5m), so these limits bound
 * JavaCPP-tracked allocations only; the out-of-memory users actually meet is the Java heap's, also turned into one
 * line by {@link #explain}.
 */
public final class NativeMemory {

	static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes", MAX_PHYSICAL = "org.bytedeco.javacpp.maxphysicalbytes";
	private static final long GIB = 1L << 30;

	private NativeMemory() {}

	/** Sets the limits unless the user (or an earlier call) did; returns a short description. */
	static synchronized String limit() {
		long heap = Runtime.getRuntime().maxMemory();
		long ram = physicalMemory();
		if (System.getProperty(MAX_BYTES) == null && ram > 0) {
			long offHeap = Math.min(heap, Math.max(GIB, (long) (0.9 * ram) - heap));
			System.setProperty(MAX_BYTES, Long.toString(offHeap));
			if (System.getProperty(MAX_PHYSICAL) == null) System.setProperty(MAX_PHYSICAL, Long.toString(Math.max(heap + offHeap, (long) (0.9 * ram))));
		}
		return "off-heap limit " + gib(System.getProperty(MAX_BYTES)) + ", process limit " + gib(System.getProperty(MAX_PHYSICAL));
	}

	/**
	 * The one-line message for an out-of-memory anywhere in {@code t}'s causes (JavaCPP's "Failed to allocate memory
	 * within limits" or "Physical memory usage is too high", or the Java heap), or null if it is not one.
	 */
	public static String explain(Throwable t) {
		for (Throwable e = t; e != null; e = e.getCause() == e ? null : e.getCause()) {
			if (!(e instanceof OutOfMemoryError)) continue;
			String m = String.valueOf(e.getMessage());
			if (m.contains("maxBytes") || m.contains("maxPhysicalBytes") || m.contains("Physical memory")) {
				return "out of memory for ND4J's native arrays (" + limitsNow() + "): use a smaller batch_size or train_limit/test_limit, "
					+ "or give Fiji more memory (Edit > Options > Memory & Threads; -Xmx also raises the native limit), or start Java with "
					+ "-D" + MAX_BYTES + "=8g -D" + MAX_PHYSICAL + "=12g";
			}
			return "out of Java heap memory (-Xmx " + gib(Long.toString(Runtime.getRuntime().maxMemory())) + "): use a smaller batch_size or "
				+ "train_limit/test_limit, or give Fiji more memory (Edit > Options > Memory & Threads)";
		}
		return null;
	}

	private static String limitsNow() {
		return "limit " + gib(System.getProperty(MAX_BYTES)) + " off-heap, " + gib(System.getProperty(MAX_PHYSICAL)) + " in all";
	}

	private static long physicalMemory() {
		try {
			return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalPhysicalMemorySize();
		}
		catch (RuntimeException | LinkageError e) {
			return -1;
		}
	}

	private static String gib(String bytes) {
		try {
			return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(bytes) / (double) GIB);
		}
		catch (NumberFormatException e) {
			return bytes == null ? "JavaCPP default" : bytes; // as the user wrote it, e.g. "8g"
		}
	}
}
