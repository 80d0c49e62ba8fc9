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
		String[] classes = m.choicesFor("true_class", "0");
		assertArrayEquals(FashionMnist.CLASS_NAMES.toArray(new String[0]), classes);
		assertEquals("all", m.choicesFor("target_class", "0")[0], "Visualize Neuron's 'all' stays offered");
		assertEquals("Shirt", m.selected("predicted_class", "6", classes), "the default index 6 shows as its name");
		assertEquals("Trouser", m.selected("true_class", "trouser", classes));
		assertEquals("fc1", m.choicesFor("layer", "fc1")[0]);
		assertNull(m.choicesFor("layer", "auto"), "Explain's layer: this MLP has no conv layer to list");
		assertEquals("predicted", m.choicesFor("target", "predicted")[0], "Explain's target: predicted, then the classes");
		assertEquals("Ankle boot", m.choicesFor("target", "predicted")[10]);
		assertNull(m.choicesFor("sigma", 1.0));
		assertNull(ModelChoices.of(dir.resolve("missing.zip").toString()), "no model: the fields stay text");
		assertNull(ModelChoices.of(""));
	}

	/** Explain Classification's layer list: auto (its default) and the conv layers, not the dense ones it refuses. */
	@Test
	void explainsLayerListHoldsAutoAndTheConvLayers(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
		cnnsandbox.training.TrainingSettings s = new cnnsandbox.training.TrainingSettings(cnnsandbox.model.Architecture.CUSTOM);
		s.layers = cnnsandbox.model.LayerSpec.parseList("conv 4 3, relu, maxpool 2, conv 4 3, relu, dense 16, relu, dense 10");
		s.epochs = 0;
		cnnsandbox.data.LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 20);
		Path file = dir.resolve("conv.cnnsandbox.zip");
		cnnsandbox.modelfile.ModelFile.save(new cnnsandbox.training.Trainer().train(s, train, train, null, null).classifier, file);
		ModelChoices m = ModelChoices.of(file.toString());
		assertArrayEquals(new String[] { "auto", "conv1", "conv2" }, m.choicesFor("layer", "auto"));
		assertArrayEquals(new String[] { "conv1", "conv2", "fc1", "fc2" }, m.choicesFor("layer", "fc1"), "Visualize Neuron's: every unit layer");
	}
}
