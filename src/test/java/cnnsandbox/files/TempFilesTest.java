package cnnsandbox.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary files of dead writers are removed by the next write to their folder (issue 24 item 6); links (item 13). */
class TempFilesTest {

	/** The id of a process that has ended. */
	static long deadPid() throws Exception {
		Process p = new ProcessBuilder("true").start();
		p.waitFor();
		return p.pid();
	}

	@Test
	void theNextWriteToAFolderRemovesTheTemporaryFilesOfDeadWriters(@TempDir Path dir) throws Exception {
		long dead = deadPid(), live = ProcessHandle.current().pid();
		assertFalse(ProcessHandle.of(dead).isPresent());
		Path[] stale = { dir.resolve(".m.zip." + TempFiles.tag(dead) + "k3j2h1.tmp"), dir.resolve(".partial-" + TempFiles.tag(dead) + "x9.tif"),
			dir.resolve(".earlier-" + TempFiles.tag(dead) + "abc") };
		Path ours = dir.resolve(".n.zip." + TempFiles.tag(live) + "q1.tmp"), user = dir.resolve(".my.notes.tmp");
		for (Path p : stale) Files.writeString(p, "half written");
		Files.writeString(ours, "being written");
		Files.writeString(user, "not ours");
		TempFiles.write(dir.resolve("m.zip"), out -> out.write(1));
		assertEquals(List.of(".my.notes.tmp", ".n.zip." + TempFiles.tag(live) + "q1.tmp", "m.zip"), OutputSetTest.files(dir),
			"the dead writers' files are gone; a live writer's and the user's stay");
	}

	@Test
	void aLinkIsWrittenThroughAndStaysALink(@TempDir Path dir) throws Exception {
		Path real = dir.resolve("real.zip"), link = dir.resolve("link.zip");
		Files.writeString(real, "old");
		Files.createSymbolicLink(link, real.getFileName());
		TempFiles.write(link, out -> out.write("new".getBytes()));
		assertTrue(Files.isSymbolicLink(link), "the link is kept");
		assertEquals("new", Files.readString(real));
		assertEquals(List.of("link.zip", "real.zip"), OutputSetTest.files(dir));
	}
}
