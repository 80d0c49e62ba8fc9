package cnnsandbox.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.modelfile.ModelFileTest;

class ModelChoicesTest {

	@Test
	void classAndLayerKeysListTheModelsNamesAndMapAnIndexToItsName(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
		ModelChoices m = ModelChoices.of(ModelFileTest.smallModel(dir).toString());
		String[] classes = m.choicesFor("true_class");
		assertArrayEquals(FashionMnist.CLASS_NAMES.toArray(new String[0]), classes);
		assertEquals("all", m.choicesFor("target_class")[0], "Visualize Neuron's 'all' stays offered");
		assertEquals("Shirt", m.selected("predicted_class", "6", classes), "the default index 6 shows as its name");
		assertEquals("Trouser", m.selected("true_class", "trouser", classes));
		assertEquals("fc1", m.choicesFor("layer")[0]);
		assertNull(m.choicesFor("sigma"));
		assertNull(ModelChoices.of(dir.resolve("missing.zip").toString()), "no model: the fields stay text");
		assertNull(ModelChoices.of(""));
	}
}
