package cnnsandbox.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntBinaryOperator;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads each workload runs on, and the one place that sets them.
 * <p>
 * The count the user asked for, first that applies: the CNN Sandbox {@code threads} setting (CNN Sandbox Options,
 * or {@link #setSetting} from any host; 0 = automatic), the environment variable {@code OMP_NUM_THREADS} (ND4J's
 * convention), else automatic. Automatic is every core the JVM may use ({@link Runtime#availableProcessors}, which
 * honours affinity masks and container CPU quotas), except for {@link Workload#ONE_IMAGE}: a single-image pass is
 * ~35 ND4J ops of microseconds each, too small to split (measured: 2 threads 2-10x slower per ascent step); and
 * networks whose batches are too small to split get fewer ({@link #forBatch}).
 * <p>
 * ND4J's native side (OpenMP, the BLAS, libnd4j's own pool) is set by {@link #use}; Java-side work that ND4J does
 * not parallelise (im2col, slice preparation, table rows) runs through {@link #parallelFor} on the same count.
 * No ImageJ here: the hosts call {@link #setSetting}.
 */
public final class Threads {

	/** What a thread count is chosen for. */
	public enum Workload {
		/** Training and batched inference, evaluation, slice preparation, deblurring. */
		BATCH,
		/** One image at a time (activation maximisation): one thread unless the user set a count. */
		ONE_IMAGE
	}

	private static volatile int setting;
	private static ExecutorService pool;
	private static boolean prepared;

	private Threads() {}

	/**
	 * Makes OpenMP's idle workers sleep instead of spinning ({@code OMP_WAIT_POLICY=PASSIVE}), unless the user set
	 * {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT}. Must run before ND4J loads its natives (libgomp reads the
	 * environment once, when it is loaded): {@link NativeBinary#select}, which every host runs before any command,
	 * and the CLI and benchmarks call it first.
	 * <p>
	 * Why, measured on the shared 2-core machine with another job holding about one core: CNN inference of 10k
	 * images took 4.5-7.1 s on 2 threads against 1.5-1.6 s on 1 (workers spin at every barrier while their partner
	 * is descheduled); with the passive policy, 1.7-2.5 s on 2 threads. A Fiji session shares its cores with
	 * everything else the user runs, so the default must not collapse when one core is busy.
	 */
	public static synchronized void prepareNatives() {
		if (prepared)
			return;
		prepared = true;
		if (System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null)
			return;
		try {
			com.sun.jna.Function setenv = com.sun.jna.NativeLibrary.getInstance("c").getFunction("setenv");
			setenv.invokeInt(new Object[] { "OMP_WAIT_POLICY", "PASSIVE", 0 });
		}
		catch (RuntimeException | LinkageError e) {
			// not Linux/glibc, or no JNA: OpenMP keeps its default policy
		}
	}

	/** The process's OMP_WAIT_POLICY as the C library sees it now (null if unset or unreadable). */
	static String waitPolicy() {
		try {
			return com.sun.jna.NativeLibrary.getInstance("c").getFunction("getenv")
				.invokeString(new Object[] { "OMP_WAIT_POLICY" }, false);
		}
		catch (RuntimeException | LinkageError e) {
			return null;
		}
	}

	/** The cores the JVM may use. */
	public static int available() {
		return Math.max(1, Runtime.getRuntime().availableProcessors());
	}

	/** Sets the {@code threads} setting: a count >= 1, or 0 for automatic. */
	public static void setSetting(int threads) {
		if (threads < 0 || threads > 4096)
			throw cnnsandbox.options.Options.bad("threads", "0 (automatic: all " + available()
				+ " cores) or a count from 1 to 4096", threads);
		setting = threads;
	}

	/** The {@code threads} setting (0 = automatic). */
	public static int setting() {
		return setting;
	}

	/** The count the user asked for: the setting, else OMP_NUM_THREADS, else 0 (automatic). */
	public static int requested() {
		if (setting > 0)
			return setting;
		return parseEnv(System.getenv("OMP_NUM_THREADS"));
	}

	static int parseEnv(String v) {
		if (v == null)
			return 0;
		try {
			int n = Integer.parseInt(v.trim().split(",")[0]); // OpenMP allows a list per nesting level
			return Math.max(0, n);
		}
		catch (NumberFormatException e) {
			return 0;
		}
	}

	/** Threads for a workload, as described in the class comment. */
	public static int forWorkload(Workload w) {
		int r = requested();
		if (r > 0)
			return r;
		return w == Workload.ONE_IMAGE ? 1 : available();
	}

	/**
	 * Multiply-adds of one product below which a thread more does not pay. Measured on this 2-core machine, an MLP
	 * layer's forward and weight-gradient products at batch 250 (784 inputs), 1 -> 2 threads: 100 units (20 M
	 * multiply-adds each) 1.08x, 200 units 1.29x, 400 units 1.57x, 1000 units 1.76x; and the many small ops around
	 * them (bias, activation, update: ~5 us each on one thread) got slower on two, each waking a sleeping worker.
	 * Training the workshop MLP on 2 threads was no faster than on 1 on a quiet machine, and 5x slower with another
	 * process holding a core.
	 */
	static final long MACS_PER_THREAD = 20_000_000L;

	/**
	 * Threads for batched work whose largest product does {@code macs} multiply-adds: the count the user asked for,
	 * else one per {@link #MACS_PER_THREAD} up to every core (the workshop MLP trains on 1, its 10,000-image inference
	 * batches and the CNN run on all).
	 */
	public static int forBatch(long macs) {
		int r = requested();
		if (r > 0)
			return r;
		return (int) Math.max(1, Math.min(available(), macs / MACS_PER_THREAD));
	}

	/** Sets ND4J's native thread count for {@code w} and returns it. */
	public static int useFor(Workload w) {
		int n = forWorkload(w);
		use(n);
		return n;
	}

	/**
	 * Sets the thread count of ND4J's native code (OpenMP of the calling thread, the BLAS, libnd4j's pool) to
	 * {@code n} unless it already is. Not restored afterwards: measured, switching the count back and forth
	 * around every activation-maximisation step cost 1-4 ms per step (thread pools resized).
	 */
	public static synchronized void use(int n) {
		if (n <= 0)
			return;
		Nd4j.getExecutioner(); // loads the backend's natives: NativeOpsHolder alone cannot, and fails for good
		try {
			org.nd4j.nativeblas.NativeOps ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
			if (ops.ompGetMaxThreads() != n)
				ops.setOmpNumThreads(n);
			Object blas = Nd4j.factory().blas();
			if (blas instanceof org.nd4j.nativeblas.Nd4jBlas && ((org.nd4j.nativeblas.Nd4jBlas) blas).getMaxThreads() != n)
				((org.nd4j.nativeblas.Nd4jBlas) blas).setMaxThreads(n);
			if (Nd4j.getEnvironment().maxMasterThreads() != n)
				Nd4j.getEnvironment().setMaxMasterThreads(n);
			if (Nd4j.getEnvironment().maxThreads() != n)
				Nd4j.getEnvironment().setMaxThreads(n);
		}
		catch (RuntimeException | LinkageError e) {
			// another backend (CUDA): its threads are not ours to set
		}
	}

	/**
	 * Runs {@code body.applyAsInt(from, to)} over contiguous pieces of [0, n) on up to {@code threads} threads (the
	 * caller runs one piece), pieces no smaller than {@code minPiece}; returns the sum of the bodies' results.
	 * Each index is handled by exactly one piece, so results do not depend on the thread count when pieces write
	 * disjoint outputs.
	 */
	public static int parallelFor(int n, int threads, int minPiece, IntBinaryOperator body) {
		int pieces = Math.max(1, Math.min(threads, (n + Math.max(1, minPiece) - 1) / Math.max(1, minPiece)));
		if (pieces <= 1 || n <= 1)
			return n <= 0 ? 0 : body.applyAsInt(0, n);
		List<Future<Integer>> futures = new ArrayList<>();
		ExecutorService p = pool();
		for (int k = 1; k < pieces; k++) {
			int from = (int) ((long) n * k / pieces), to = (int) ((long) n * (k + 1) / pieces);
			futures.add(p.submit(() -> body.applyAsInt(from, to)));
		}
		int sum = body.applyAsInt(0, (int) ((long) n / pieces));
		try {
			for (Future<Integer> f : futures)
				sum += f.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", e);
		}
		catch (ExecutionException e) {
			Throwable c = e.getCause();
			if (c instanceof RuntimeException)
				throw (RuntimeException) c;
			if (c instanceof Error)
				throw (Error) c;
			throw new IllegalStateException(c);
		}
		return sum;
	}

	/** {@link #parallelFor} on the batch workload's thread count. */
	public static int parallelFor(int n, int minPiece, IntBinaryOperator body) {
		return parallelFor(n, forWorkload(Workload.BATCH), minPiece, body);
	}

	private static synchronized ExecutorService pool() {
		if (pool == null)
			pool = Executors.newCachedThreadPool(r -> {
				Thread t = new Thread(r, "cnnsandbox-worker");
				t.setDaemon(true);
				return t;
			});
		return pool;
	}
}
