package cnnsandbox.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model staged with the outputs of a run is replaced only when every output was written (issue 24 items 1, 4). */
class OutputSetTest {

	static List<String> files(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void aStagedFileIsReplacedOnlyWhenEveryOutputWasWritten(@TempDir Path tmp) throws Exception {
		Path models = Files.createDirectories(tmp.resolve("models")), out = tmp.resolve("out");
		Path model = models.resolve("m.zip");
		Files.writeString(model, "old model");
		try (OutputSet set = new OutputSet(out)) {
			set.stage(model, "model_file", o -> o.write("new model".getBytes()));
			set.write("a.csv", f -> Files.writeString(f, "a"));
			IOException e = assertThrows(IOException.class, () -> set.write("b.tif", f -> {
				throw new IOException("No space left on device");
			}));
			assertTrue(e.getMessage().contains("No space"), e.getMessage());
		}
		assertEquals("old model", Files.readString(model), "a failed run leaves the model as it was");
		assertEquals(List.of("m.zip"), files(models), "no temporary file beside the model");
		assertTrue(!Files.exists(out), "no output folder for a failed run");
		try (OutputSet set = new OutputSet(out)) {
			set.stage(model, "model_file", o -> o.write("new model".getBytes()));
			set.write("a.csv", f -> Files.writeString(f, "a"));
			assertEquals(List.of(out.resolve("a.csv"), model), set.commit());
		}
		assertEquals("new model", Files.readString(model));
		assertEquals(List.of("m.zip"), files(models));
		assertEquals(List.of("a.csv"), files(out));
		assertTrue(TempFiles.live().isEmpty(), TempFiles.live().toString());
	}

	@Test
	void aModelThatIsAlsoAnOutputOfTheRunIsRefused(@TempDir Path out) throws Exception {
		try (OutputSet set = new OutputSet(out)) {
			set.check(List.of("Training Log.csv"));
			IOException e = assertThrows(IOException.class, () -> set.checkNotAnOutput(out.resolve("Training Log.csv"), "model_file"));
			assertTrue(e.getMessage().contains("model_file") && e.getMessage().contains("Training Log.csv")
				&& e.getMessage().contains("choose"), e.getMessage());
			set.checkNotAnOutput(out.resolve("m.zip"), "model_file");
			set.stage(out.resolve("Training Log.csv"), "model_file", o -> o.write(1));
			e = assertThrows(IOException.class, () -> set.write("Training Log.csv", f -> Files.writeString(f, "log")));
			assertTrue(e.getMessage().contains("model_file"), e.getMessage());
		}
		assertEquals(List.of(), files(out));
	}

	@Test
	void aWriteFailureNamesTheFileAndWhatToDo(@TempDir Path tmp) throws Exception {
		Path out = tmp.resolve("out");
		try (OutputSet set = new OutputSet(out)) {
			IOException e = assertThrows(IOException.class, () -> set.write("Training Log.csv", f -> {
				throw new IOException("No space left on device");
			}));
			assertTrue(e.getMessage().contains(out.resolve("Training Log.csv").toString()) && e.getMessage().contains("No space left")
				&& e.getMessage().contains("free"), e.getMessage());
			Path model = tmp.resolve("m.zip");
			e = assertThrows(IOException.class, () -> set.stage(model, "model_file", o -> {
				throw new IOException("Input/output error");
			}));
			assertTrue(e.getMessage().contains("model_file " + model) && e.getMessage().contains("Input/output error"), e.getMessage());
		}
	}
}
