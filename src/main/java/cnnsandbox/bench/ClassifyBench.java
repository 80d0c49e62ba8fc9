package cnnsandbox.bench;

import java.util.Map;

import org.scijava.Context;
import org.scijava.module.Module;

import cnnsandbox.commands.CommandRunner;
import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.ModelFile;
import ij.measure.ResultsTable;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Classify Image end to end, as Fiji runs it: the 10,000 Fashion-MNIST test images as one 8-bit 28 x 28 x 10000
 * ImgLib2 stack through the SciJava command (reading, preparing, batched inference, the table). Prints images/s and
 * checks that the accuracy equals the one Train Fashion Classifier recorded in the model file.
 * <p>
 * Usage: {@code ClassifyBench MODEL_FILE...} (e.g. the demo's {@code demo-output/mlp.cnnsandbox.zip
 * demo-output/cnn.cnnsandbox.zip}); 3 timed runs after one warm-up each.
 */
public final class ClassifyBench {

	private ClassifyBench() {}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		LabeledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 0);
		Img<UnsignedByteType> stack = ArrayImgs.unsignedBytes(28, 28, test.n);
		int i = 0;
		for (UnsignedByteType t : stack) t.set(Math.round(test.pixels[i++] * 255));
		try (Context context = new Context()) {
			CommandRunner runner = new CommandRunner(context);
			for (String file : args) {
				Map<String, Object> inputs = Map.of("model_file", file, "input", stack);
				runner.run(runner.find("Classify Image"), inputs); // warm-up: JIT, natives, model load
				double best = Double.MAX_VALUE;
				Module m = null;
				for (int run = 0; run < 3; run++) {
					long t0 = System.nanoTime();
					m = runner.run(runner.find("Classify Image"), inputs);
					best = Math.min(best, (System.nanoTime() - t0) / 1e9);
				}
				ResultsTable p = (ResultsTable) m.getOutput("class_probabilities");
				int correct = 0;
				for (int k = 0; k < test.n; k++) {
					if (p.getStringValue("label", k).equals(FashionMnist.CLASS_NAMES.get(test.labels[k]))) correct++;
				}
				double reported = ModelFile.load(java.nio.file.Paths.get(file)).finalAccuracy();
				System.out.printf("classify %s: %d slices in %.3f s = %.0f images/s end to end; accuracy %.4f (training reported %.4f)%n",
					ModelFile.load(java.nio.file.Paths.get(file)).architecture(), test.n, best, test.n / best,
					correct / (double) test.n, reported);
			}
		}
	}
}
