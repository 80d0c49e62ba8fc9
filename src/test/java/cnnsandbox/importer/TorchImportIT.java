package cnnsandbox.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.scijava.Context;

import cnnsandbox.hosting.CommandRunner;
import cnnsandbox.hosting.MacroOptions;
import ij.ImagePlus;
import net.imglib2.img.array.ArrayImgs;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.training.Classifier;

/**
 * A network trained in PyTorch (padding 0, stride 2 and batch norm, unlike the presets; 1 epoch on 20,000 images by
 * {@code src/test/python/torch_import.py}) and exported with torch.onnx.export imports, and classifies the 10,000
 * Fashion-MNIST test images as PyTorch does. Needs Debian's python3-torch (.ci/run installs it).
 */
class TorchImportIT {

	static final String PYTHON = "/usr/bin/python3";

	@Test
	void aPyTorchNetworkClassifiesAsInPyTorch(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST");
		Process p = new ProcessBuilder(PYTHON, "src/test/python/torch_import.py", FashionMnist.DEFAULT_DIR.toString(), dir.toString(), "20000")
			.redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes());
		assertTrue(p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0, "torch_import.py failed: " + out);

		Classifier c = OnnxImporter.read(dir.resolve("model.onnx"), null);
		assertEquals("conv 16 3 stride 2 pad 0, relu, conv 32 3 stride 2 pad 0, relu, maxpool 2, dense 64, relu, dense 10", c.layers().text(),
			"batch norm folded into the convs, dropout gone");
		LabeledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 0);
		float[] ours = c.probabilities(Nd4j.create(test.pixels, new long[] { test.n, 1, 28, 28 }, 'c')).data().asFloat();
		float[] theirs = torch(dir.resolve("probabilities.bin"), ours.length);
		int agree = 0;
		double maxDiff = 0;
		for (int i = 0; i < test.n; i++) {
			if (argmax(ours, i) == argmax(theirs, i))
				agree++;
			for (int k = 0; k < 10; k++)
				maxDiff = Math.max(maxDiff, Math.abs(ours[i * 10 + k] - theirs[i * 10 + k]));
		}
		System.out.printf("PyTorch import: %d/%d predictions agree, max |p - p_torch| = %.2e (%s)%n", agree, test.n, maxDiff, out.trim());
		assertTrue(agree >= 9_995, agree + " of 10000 predictions agree with PyTorch's");
		assertTrue(maxDiff <= 1e-4, "max |p - p_torch| = " + maxDiff);

		// the commands that look inside a model take it, as they take a model trained here
		try (Context context = new Context()) {
			CommandRunner runner = new CommandRunner(context);
			Path model = dir.resolve("torch.cnnsandbox.zip");
			runner.run(runner.find("Import Model"), MacroOptions.parse("input_file=[" + dir.resolve("model.onnx") + "] output_file=[" + model
				+ "] class_names=[" + String.join(",", FashionMnist.CLASS_NAMES) + "]"));
			String m = "model_file=[" + model + "]";
			ImagePlus filters = (ImagePlus) runner.run(runner.find("Show Filters"), MacroOptions.parse(m)).getOutput("filters");
			assertEquals(16, filters.getStackSize(), "conv1's 16 kernels");
			Map<String, Object> in = new HashMap<>(MacroOptions.parse(m));
			in.put("input", ArrayImgs.unsignedBytes(28, 28));
			assertTrue(runner.run(runner.find("Show Activations"), in).getInfo().outputs().iterator().hasNext());
			ImagePlus neuron = (ImagePlus) runner.run(runner.find("Visualize Neuron"), MacroOptions.parse(m + " target_class=Bag steps=5"))
				.getOutput("neuron_image");
			assertEquals(28, neuron.getWidth());
		}
	}

	static float[] torch(Path file, int n) throws IOException {
		float[] v = new float[n];
		ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
		return v;
	}

	static int argmax(float[] p, int row) {
		int best = 0;
		for (int k = 1; k < 10; k++)
			if (p[row * 10 + k] > p[row * 10 + best])
				best = k;
		return best;
	}
}
