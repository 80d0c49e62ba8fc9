package cnnsandbox.backend;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses ND4J's native CPU binary before ND4J loads it: the fastest shipped binary this CPU can execute.
 * <p>
 * nd4j-native 1.0.0-M2.1 ships one binary per CPU level in separate classifier jars (generic x86-64, AVX2,
 * AVX-512; each also with oneDNN). JavaCPP loads the one named by the system property
 * {@value #JAVACPP_EXTENSION} (for example {@code -onednn-avx2}) and falls back to the unsuffixed generic one.
 * Without the property it tries every extension it knows and takes the first jar it finds, so an AVX-512 binary
 * on an AVX2 CPU would kill the JVM with SIGILL (measured under qemu-x86_64 -cpu Haswell). So every entry point
 * calls {@link #select()} before the first ND4J class initialises: the SciJava preprocessor
 * {@code cnnsandbox.hosting.NativeBinaryPreprocessor} before each of our commands (Fiji, the ImageJ 1.x bridge and the
 * CLI all run commands through SciJava), and {@link Backend#describe()}.
 * <p>
 * The CPU's features are read twice and intersected: from the JVM, which executed CPUID at start-up ({@code UseAVX},
 * {@code UseFMA}, HotSpot's flags), and on Linux from {@code /proc/cpuinfo}. Both are needed: qemu-user emulates
 * CPUID but shows the host's {@code /proc/cpuinfo}; HotSpot caps {@code UseAVX} at 2 on some Skylake steppings.
 * <p>
 * Users override the choice with {@code -D}{@value #OVERRIDE_PROPERTY}{@code =avx2} or the environment variable
 * {@value #OVERRIDE_ENV} (values: {@code auto}; a level {@code generic}, {@code avx2}, {@code avx512}, which
 * takes the shipped binary of that level; or an exact one, {@code onednn-avx2}, {@code avx2}...). An override the CPU cannot execute is refused, never loaded.
 */
public final class NativeBinary {

	public static final String OVERRIDE_PROPERTY = "cnnsandbox.nd4j.binary";
	public static final String OVERRIDE_ENV = "CNNSANDBOX_ND4J_BINARY";
	static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";
	/** Extension JavaCPP accepts for ND4J (listed in Nd4jCpuPresets) that no jar provides: loads the generic binary. */
	private static final String GENERIC_EXTENSION = "-";
	private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";

	/** Binary levels, fastest first; oneDNN before plain at each level (its conv2d is what Engine uses). */
	enum Level {
		AVX512("AVX-512", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"),
		AVX2("AVX2", "avx2", "fma"),
		GENERIC("generic x86-64");

		final String label;
		final List<String> cpuinfoFlags;

		Level(String label, String... cpuinfoFlags) {
			this.label = label;
			this.cpuinfoFlags = List.of(cpuinfoFlags);
		}
	}

	/** The outcome: which binary (null if none may load), and why, in words for the backend line or an error. */
	public static final class Choice {
		/** Classifier, e.g. {@code linux-x86_64-onednn-avx2}; null when ND4J must not load. */
		public final String classifier;
		public final String reason;

		Choice(String classifier, String reason) {
			this.classifier = classifier;
			this.reason = reason;
		}

		public boolean nd4jUsable() {
			return classifier != null;
		}

		@Override
		public String toString() {
			return classifier == null ? reason : classifier + " (" + reason + ")";
		}
	}

	private static Choice chosen;

	private NativeBinary() {}

	/**
	 * Chooses the binary once per JVM and sets JavaCPP's extension property for it. Cheap after the first call and
	 * plain Java: safe on any CPU. Does nothing to a CUDA build (no nd4j-native on the class path).
	 */
	public static synchronized Choice select() {
		if (chosen != null) return chosen;
		NativeMemory.limit(); // read by JavaCPP's Pointer class, which loads with ND4J
		Threads.prepareNatives(); // OpenMP's wait policy, read once when ND4J's natives load
		ClassLoader loader = NativeBinary.class.getClassLoader();
		if (loader.getResource("org/nd4j/linalg/cpu/nativecpu/CpuBackend.class") == null) {
			return chosen = new Choice("nd4j-cuda", "no nd4j-native on the class path");
		}
		String platform = platform();
		Set<String> shipped = new HashSet<>();
		for (String ext : List.of("", "-avx2", "-avx512", "-onednn", "-onednn-avx2", "-onednn-avx512")) {
			if (loader.getResource(BINDINGS + platform + ext + "/" + System.mapLibraryName("nd4jcpu")) != null) shipped.add(ext);
		}
		String override = override();
		Cpu cpu = Cpu.detect();
		chosen = choose(platform, shipped, cpu, override);
		if (chosen.classifier != null) {
			String ext = chosen.classifier.substring(platform.length());
			String user = System.getProperty(JAVACPP_EXTENSION);
			if (user == null || user.isEmpty() || override != null) System.setProperty(JAVACPP_EXTENSION, ext.isEmpty() ? GENERIC_EXTENSION : ext);
		}
		return chosen;
	}

	/** The choice, or an exception with the one-line reason when no shipped binary can run on this CPU. */
	public static Choice requireNd4j() {
		Choice c = select();
		if (!c.nd4jUsable()) throw new IllegalStateException(c.reason);
		return c;
	}

	/** The pure decision, testable with any CPU and any set of shipped extensions ({@code ""} = generic). */
	static Choice choose(String platform, Set<String> shipped, Cpu cpu, String override) {
		String stillWorks = "; Deblur Signal with gradient=analytic and metric L2 or Sobolev still works (plain Java)";
		if (shipped.isEmpty()) {
			return new Choice(null, "no ND4J native binary for " + platform + " in this installation (install the bundle for "
				+ "this platform)" + stillWorks);
		}
		if (override != null && !override.equalsIgnoreCase("auto")) {
			String name = override.toLowerCase(Locale.ROOT).replaceFirst("^-", "");
			// a level (generic, avx2, avx512) takes the shipped binary of that level; a full name (onednn-avx2) is exact
			List<String> wanted = name.equals("generic") ? extensions(Level.GENERIC) : name.equals("avx2") ? extensions(Level.AVX2)
				: name.equals("avx512") ? extensions(Level.AVX512) : List.of("-" + name);
			String ext = wanted.stream().filter(shipped::contains).findFirst().orElse(null);
			if (ext == null) {
				return new Choice(null, OVERRIDE_PROPERTY + "=" + override + ": no such binary here; shipped: " + names(shipped) + stillWorks);
			}
			Level level = levelOf(ext);
			String missing = cpu.missing(level);
			if (missing != null) {
				return new Choice(null, OVERRIDE_PROPERTY + "=" + override + " needs " + level.label + " but this CPU lacks "
					+ missing + " (" + cpu.summary() + "); remove the override to use the best binary it can run" + stillWorks);
			}
			return new Choice(platform + ext, "set by " + OVERRIDE_PROPERTY + "/" + OVERRIDE_ENV + ", " + cpu.summary());
		}
		for (Level level : Level.values()) {
			if (cpu.missing(level) != null) continue;
			for (String ext : extensions(level)) {
				if (shipped.contains(ext)) {
					return new Choice(platform + ext, "best shipped binary for this CPU: " + cpu.summary());
				}
			}
		}
		String lowest = names(shipped);
		return new Choice(null, "ND4J cannot run on this CPU: the shipped binaries (" + lowest + ") need "
			+ levelOf(lowestShipped(shipped)).label + " but this CPU lacks " + cpu.missing(levelOf(lowestShipped(shipped))) + stillWorks);
	}

	private static List<String> extensions(Level level) {
		switch (level) {
			case AVX512: return List.of("-onednn-avx512", "-avx512");
			case AVX2: return List.of("-onednn-avx2", "-avx2");
			default: return List.of("-onednn", "");
		}
	}

	private static Level levelOf(String ext) {
		return ext.endsWith("avx512") ? Level.AVX512 : ext.endsWith("avx2") ? Level.AVX2 : Level.GENERIC;
	}

	private static String lowestShipped(Set<String> shipped) {
		String lowest = null;
		for (String ext : shipped) {
			if (lowest == null || levelOf(ext).ordinal() > levelOf(lowest).ordinal()) lowest = ext;
		}
		return lowest;
	}

	private static String names(Set<String> shipped) {
		List<String> n = new ArrayList<>();
		for (String ext : shipped) n.add(ext.isEmpty() ? "generic" : ext.substring(1));
		n.sort(null);
		return String.join(", ", n);
	}

	private static String override() {
		String p = System.getProperty(OVERRIDE_PROPERTY);
		if (p != null && !p.isBlank()) return p.trim();
		String e = System.getenv(OVERRIDE_ENV);
		return e != null && !e.isBlank() ? e.trim() : null;
	}

	/** JavaCPP's platform name for this JVM ({@code linux-x86_64}, {@code windows-x86_64}, {@code macosx-arm64}). */
	static String platform() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		String o = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "macosx" : os.startsWith("linux") ? "linux" : os;
		String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : arch;
		return o + "-" + a;
	}

	/** What this CPU can execute, as far as the JVM and the OS tell. */
	static final class Cpu {
		/** HotSpot's UseAVX (0-3) or -1 if unknown; UseFMA or null if unknown. */
		final int jvmAvx;
		final Boolean jvmFma;
		/** /proc/cpuinfo flags, or null where there is none (Windows, macOS). */
		final Set<String> cpuinfo;
		final boolean x86;

		Cpu(boolean x86, int jvmAvx, Boolean jvmFma, Set<String> cpuinfo) {
			this.x86 = x86;
			this.jvmAvx = jvmAvx;
			this.jvmFma = jvmFma;
			this.cpuinfo = cpuinfo;
		}

		static Cpu detect() {
			String arch = System.getProperty("os.arch", "");
			boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
			return new Cpu(x86, intFlag("UseAVX"), boolFlag("UseFMA"), cpuinfoFlags(Paths.get("/proc/cpuinfo")));
		}

		/** The first missing feature for {@code level}, or null if the CPU has them all. */
		String missing(Level level) {
			if (level == Level.GENERIC) return null; // the arm64 and x86-64 generic binaries need nothing beyond the base ISA (measured, README)
			if (!x86) return level.label + " (not an x86 CPU)";
			int need = level == Level.AVX512 ? 3 : 2;
			if (jvmAvx >= 0 && jvmAvx < need) return level == Level.AVX512 ? "AVX-512" : "AVX2";
			if (level == Level.AVX2 && Boolean.FALSE.equals(jvmFma)) return "FMA";
			if (cpuinfo != null) {
				for (String f : level.cpuinfoFlags) if (!cpuinfo.contains(f)) return f;
			}
			else if (jvmAvx < 0) return level.label + " (cannot read the CPU's features)";
			return null;
		}

		String summary() {
			String best = missing(Level.AVX512) == null ? "AVX-512" : missing(Level.AVX2) == null ? "AVX2+FMA" : null;
			String level = best != null ? "CPU has " + best : "CPU lacks " + missing(Level.AVX2);
			return level + (missing(Level.AVX512) != null && best != null ? ", no AVX-512" : "") + " [JVM UseAVX=" + jvmAvx
				+ (cpuinfo != null ? ", /proc/cpuinfo" : "") + "]";
		}

		private static int intFlag(String name) {
			try {
				return Integer.parseInt(vmOption(name));
			}
			catch (RuntimeException | LinkageError e) {
				return -1;
			}
		}

		private static Boolean boolFlag(String name) {
			try {
				return Boolean.valueOf(vmOption(name));
			}
			catch (RuntimeException | LinkageError e) {
				return null;
			}
		}

		/** A HotSpot flag through the management API (absent on non-HotSpot JVMs: then we rely on /proc/cpuinfo). */
		private static String vmOption(String name) {
			return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
		}

		static Set<String> cpuinfoFlags(Path cpuinfo) {
			if (!Files.isReadable(cpuinfo)) return null;
			try {
				for (String line : Files.readAllLines(cpuinfo)) {
					if (line.startsWith("flags") && line.contains(":")) {
						return new HashSet<>(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
					}
				}
			}
			catch (IOException e) {
				return null;
			}
			return null;
		}
	}
}
