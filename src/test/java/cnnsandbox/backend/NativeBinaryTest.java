package cnnsandbox.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choice of ND4J binary for CPUs we cannot run here (the real ones run under qemu in NativeBinaryIT). */
class NativeBinaryTest {

	static final Set<String> SHIPPED = Set.of("-onednn", "-onednn-avx2", "-onednn-avx512");
	static final Set<String> AVX512_FLAGS = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

	static NativeBinary.Cpu cpu(int useAvx, boolean fma, Set<String> cpuinfo) {
		return new NativeBinary.Cpu(true, useAvx, fma, cpuinfo);
	}

	@Test
	void picksTheFastestBinaryTheCpuRuns() {
		assertEquals("linux-x86_64-onednn-avx512", NativeBinary.choose("linux-x86_64", SHIPPED, cpu(3, true, AVX512_FLAGS), null).classifier);
		// qemu -cpu Haswell: the JVM sees AVX2, /proc/cpuinfo shows the host's AVX-512: the JVM wins
		assertEquals("linux-x86_64-onednn-avx2", NativeBinary.choose("linux-x86_64", SHIPPED, cpu(2, true, AVX512_FLAGS), null).classifier);
		assertEquals("linux-x86_64-onednn", NativeBinary.choose("linux-x86_64", SHIPPED, cpu(1, false, AVX512_FLAGS), null).classifier);
		assertEquals("linux-x86_64-onednn", NativeBinary.choose("linux-x86_64", SHIPPED, cpu(0, false, Set.of("sse4_2")), null).classifier);
	}

	@Test
	void cpuinfoVetoesWhatTheJvmWouldAllow() {
		// an AVX-512 CPU missing AVX512BW (Knights Landing): the AVX-512 build is compiled for Skylake-X
		Set<String> knl = Set.of("avx", "avx2", "fma", "avx512f", "avx512cd");
		NativeBinary.Choice c = NativeBinary.choose("linux-x86_64", SHIPPED, cpu(3, true, knl), null);
		assertEquals("linux-x86_64-onednn-avx2", c.classifier);
		// Windows/macOS: no /proc/cpuinfo, the JVM's flags decide
		assertEquals("windows-x86_64", NativeBinary.choose("windows-x86_64", Set.of(""), cpu(3, true, null), null).classifier);
	}

	@Test
	void anOverrideTheCpuLacksIsRefusedWithTheReason() {
		NativeBinary.Choice c = NativeBinary.choose("linux-x86_64", SHIPPED, cpu(1, false, AVX512_FLAGS), "avx-512");
		assertFalse(c.nd4jUsable());
		assertTrue(c.reason.startsWith("cnnsandbox.nd4j.binary=avx-512: no such binary here; shipped: onednn, onednn-avx2, onednn-avx512"), c.reason);
		assertEquals("linux-x86_64-onednn-avx2", NativeBinary.choose("linux-x86_64", SHIPPED, cpu(3, true, AVX512_FLAGS), "avx2").classifier,
			"a level takes the shipped binary of that level");
		c = NativeBinary.choose("linux-x86_64", SHIPPED, cpu(1, false, AVX512_FLAGS), "onednn-avx2");
		assertNull(c.classifier);
		assertTrue(c.reason.startsWith("cnnsandbox.nd4j.binary=onednn-avx2 needs AVX2 but this CPU lacks AVX2"), c.reason);
		assertTrue(c.reason.endsWith("Deblur Signal with gradient=analytic and metric L2 or Sobolev still works (plain Java)"), c.reason);
		assertEquals("linux-x86_64-onednn", NativeBinary.choose("linux-x86_64", SHIPPED, cpu(3, true, AVX512_FLAGS), "onednn").classifier);
		assertEquals("linux-x86_64-onednn-avx512", NativeBinary.choose("linux-x86_64", SHIPPED, cpu(3, true, AVX512_FLAGS), "auto").classifier);
	}

	@Test
	void aPlatformWithoutBinariesSaysSo() {
		NativeBinary.Choice c = NativeBinary.choose("linux-arm64", Set.of(), new NativeBinary.Cpu(false, -1, null, null), null);
		assertNull(c.classifier);
		assertTrue(c.reason.startsWith("no ND4J native binary for linux-arm64 in this installation"), c.reason);
		// a binary level on a platform that has only the generic one
		assertEquals("macosx-arm64", NativeBinary.choose("macosx-arm64", Set.of(""), new NativeBinary.Cpu(false, -1, null, null), null).classifier);
	}

	@Test
	void readsCpuinfoFlags(@TempDir Path dir) throws IOException {
		Path f = dir.resolve("cpuinfo");
		Files.writeString(f, "processor\t: 0\nmodel name\t: X\nflags\t\t: fpu sse2 avx avx2 fma\n\nprocessor\t: 1\n");
		assertEquals(Set.of("fpu", "sse2", "avx", "avx2", "fma"), NativeBinary.Cpu.cpuinfoFlags(f));
		assertNull(NativeBinary.Cpu.cpuinfoFlags(dir.resolve("absent")));
	}

	@Test
	void nd4jLoadsTheChosenBinary() {
		NativeBinary.Choice c = NativeBinary.select();
		org.nd4j.linalg.factory.Nd4j.create(new float[] { 1, 2 });
		String lib = "/" + c.classifier + "/" + System.mapLibraryName("nd4jcpu");
		assertTrue(org.bytedeco.javacpp.Loader.getLoadedLibraries().values().stream().anyMatch(p -> p.endsWith(lib)),
			lib + " among " + org.bytedeco.javacpp.Loader.getLoadedLibraries().values());
	}

	@Test
	void selectsOnThisMachineAndSetsJavacppsProperty() {
		NativeBinary.Choice c = NativeBinary.select();
		assertTrue(c.nd4jUsable(), c.reason);
		assertEquals(c.classifier.substring(NativeBinary.platform().length()).replaceFirst("^$", "-"),
			System.getProperty(NativeBinary.JAVACPP_EXTENSION));
	}
}
