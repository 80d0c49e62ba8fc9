package cnnsandbox.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnsandbox.training.Classifier;

class ModelFilesTest {

	@TempDir
	Path dir;

	@Test
	void aMissingModelFileKeyIsNamed() {
		assertEquals("model_file is missing: give a model saved by Train Fashion Classifier",
			assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(null)).getMessage());
		assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(new File("")));
	}

	@Test
	void theLastModelIsKeptWhileItsFileIsUnchanged() throws Exception {
		FashionFixtures f = FashionFixtures.get();
		Path copy = dir.resolve("copy.zip");
		Files.copy(f.mlp, copy);
		Classifier first = ModelFiles.load(copy.toFile());
		assertSame(first, ModelFiles.load(copy.toFile()), "a folder classified image by image reads the model once");
		Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 2000));
		assertNotSame(first, ModelFiles.load(copy.toFile()), "a model rewritten since is read again");
		Files.write(copy, "not a model".getBytes());
		String message = assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(copy.toFile())).getMessage();
		assertTrue(message.contains(copy.toString()), message);
	}
}
