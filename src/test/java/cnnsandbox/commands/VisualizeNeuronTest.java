package cnnsandbox.commands;

import static cnnsandbox.commands.CommandContextTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.module.Module;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.training.Classifier;
import cnnsandbox.modelfile.ModelFile;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** Visualize Neuron on the small trained MLP and CNN. */
class VisualizeNeuronTest {

	@Test
	void classImagesReachTheTargetClassForEveryClass() {
		FashionFixtures f = FashionFixtures.get();
		for (Path model : new Path[] { f.mlp, f.cnn }) {
			Module m = f.run("Visualize Neuron", "model_file=" + model + " mode=class target_class=all steps=300");
			ResultsTable p = (ResultsTable) m.getOutput("neuron_probabilities");
			assertEquals(10, p.size());
			for (int c = 0; c < 10; c++) {
				double prob = p.getValue(FashionMnist.CLASS_NAMES.get(c), c);
				assertTrue(prob >= 0.99, model.getFileName() + " class " + c + ": p = " + prob);
			}
			ImagePlus img = (ImagePlus) m.getOutput("neuron_image");
			assertEquals("class Trouser", img.getStack().getSliceLabel(2));
		}
	}

	@Test
	void hiddenUnitsRiseAndStayBounded() {
		FashionFixtures f = FashionFixtures.get();
		String[][] cases = { { f.mlp.toString(), "fc1" }, { f.cnn.toString(), "conv1" }, { f.cnn.toString(), "conv2" }, { f.cnn.toString(), "fc1" } };
		for (String[] c : cases) {
			Module m = f.run("Visualize Neuron", "model_file=" + c[0] + " mode=neuron layer=" + c[1] + " unit=3 start=random steps=100");
			ResultsTable log = (ResultsTable) m.getOutput("ascent_log");
			double first = log.getValue("objective", 0), last = log.getValue("objective", log.size() - 1);
			assertTrue(last > first, c[1] + ": objective " + first + " -> " + last);
			ImagePlus img = (ImagePlus) m.getOutput("neuron_image");
			ij.process.ImageStatistics s = img.getProcessor().getStats();
			assertTrue(s.min >= 0 && s.max <= 1, c[1] + ": clamped to the data range, got " + s.min + ".." + s.max);
		}
		Module all = f.run("Visualize Neuron", "model_file=" + f.cnn + " mode=neuron layer=conv1 all_units=true steps=20");
		assertEquals(32, ((ImagePlus) all.getOutput("neuron_image")).getStackSize());
		assertMessage("layer must be one of fc1, fc2", () -> f.run("Visualize Neuron",
			"model_file=" + f.mlp + " mode=neuron layer=conv1"));
		assertMessage("target_class", () -> f.run("Visualize Neuron", "model_file=" + f.mlp + " target_class=Hat"));
	}

	/** metric=Sobolev from a macro: a smoother image than the default's, still of its class; bad values in one line. */
	@Test
	void theSobolevMetricSmoothsTheImageAndBadValuesAreNamed() {
		FashionFixtures f = FashionFixtures.get();
		double[] share = new double[2];
		String[] metrics = { "L2", "Sobolev" };
		for (int k = 0; k < 2; k++) {
			Module m = f.run("Visualize Neuron", "model_file=" + f.cnn + " target_class=Trouser steps=200 metric=" + metrics[k] + " jitter=1");
			ImagePlus img = (ImagePlus) m.getOutput("neuron_image");
			share[k] = cnnsandbox.visualize.HighFrequencyEnergy.share((float[]) img.getProcessor().getPixels(), img.getHeight(), img.getWidth());
			ResultsTable p = (ResultsTable) m.getOutput("neuron_probabilities");
			assertTrue(p.getValue("Trouser", 0) >= 0.9, metrics[k] + ": p(Trouser) = " + p.getValue("Trouser", 0));
		}
		assertTrue(share[1] < share[0], "Sobolev's high-frequency share " + share[1] + " vs L2's " + share[0]);
		assertMessage("metric must be one of L2, Sobolev, Preconditioned", () -> f.run("Visualize Neuron", "model_file=" + f.mlp + " metric=H1"));
		assertMessage("sigma must be", () -> f.run("Visualize Neuron", "model_file=" + f.mlp + " metric=Sobolev sigma=0"));
		assertMessage("jitter must be", () -> f.run("Visualize Neuron", "model_file=" + f.mlp + " jitter=-1"));
	}
}
