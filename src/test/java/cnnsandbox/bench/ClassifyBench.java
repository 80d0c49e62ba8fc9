package cnnsandbox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.scijava.Context;
import org.scijava.module.Module;

import cnnsandbox.hosting.CommandRunner;
import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;
import cnnsandbox.training.Classifier;
import cnnsandbox.modelfile.ModelFile;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingSettings;
import ij.measure.ResultsTable;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Classify Image end to end, as Fiji runs it: the 10,000 Fashion-MNIST test images as one 8-bit 28 x 28 x 10000
 * ImgLib2 stack through the SciJava command (reading, preparing, batched inference, the table and the labelled
 * stack), beside the raw inference of the same model on the same images (Classifier.predict) and PyTorch's
 * inference of the same network ({@link TorchPeer}). Checks that the accuracy equals the one Train Fashion
 * Classifier recorded in the model file.
 * <p>
 * Usage: {@code ClassifyBench [MODEL_FILE...]} (e.g. the demo's {@code demo-output/mlp.cnnsandbox.zip
 * demo-output/cnn.cnnsandbox.zip}); without files, an MLP (1 epoch) and a CNN (1 epoch on 6,000 images) are
 * trained first. Best of 3 timed runs after one warm-up each.
 */
public final class ClassifyBench {

	private ClassifyBench() {}

	public static void main(String[] args) throws Exception {
		cnnsandbox.backend.NativeBinary.select(); // before ND4J loads its natives: the CPU binary, the thread wait policy
		System.setProperty("java.awt.headless", "true");
		LabeledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 0);
		List<Path> files = new ArrayList<>();
		for (String a : args)
			files.add(Paths.get(a));
		Path tmp = null;
		if (files.isEmpty()) {
			tmp = Files.createTempDirectory("classifybench");
			LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 0);
			for (Architecture a : new Architecture[] { Architecture.MLP, Architecture.CNN }) {
				TrainingSettings s = new TrainingSettings(a);
				s.epochs = 1;
				LabeledImages images = a == Architecture.CNN ? train.head(6000) : train; // the limit is the data's (Dataset applies it)
				Path f = tmp.resolve(a.name().toLowerCase(Locale.ROOT) + ModelFile.EXTENSION);
				ModelFile.save(new Trainer().train(s, images, test, null, null).classifier, f);
				files.add(f);
			}
		}
		Img<UnsignedByteType> stack = ArrayImgs.unsignedBytes(28, 28, test.n);
		int i = 0;
		for (UnsignedByteType t : stack) t.set(Math.round(test.pixels[i++] * 255));
		GemmPeak peak = GemmPeak.measure();
		try (Context context = new Context()) {
			CommandRunner runner = new CommandRunner(context);
			for (Path file : files) {
				Classifier model = ModelFile.load(file);
				Map<String, Object> inputs = Map.of("model_file", file.toString(), "input", stack);
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
				INDArray x = test.features(0, test.n);
				model.predict(x);
				double raw = Double.MAX_VALUE;
				for (int run = 0; run < 3; run++) {
					long t0 = System.nanoTime();
					model.predict(x);
					raw = Math.min(raw, (System.nanoTime() - t0) / 1e9);
				}
				System.out.printf(Locale.ROOT, "classify %s: %d slices in %.3f s = %.0f images/s end to end, %.2f x raw inference "
					+ "(%.0f images/s); %d threads; accuracy %.4f (training reported %.4f)%n", model.architecture(), test.n, best,
					test.n / best, raw / best, test.n / raw, Trainer.threadsFor(model.layers(), Classifier.inferenceBatch(model.layers(), test.n)), correct / (double) test.n,
					model.finalAccuracy());
				String arch = model.architecture().name().toLowerCase(Locale.ROOT);
				List<TorchPeer.Result> peers = TorchPeer.run("train", arch, FashionMnist.DEFAULT_DIR.toString(), "2500");
				for (TorchPeer.Result r : peers) {
					double inf = r.number("inference_images_per_s");
					System.out.printf(Locale.ROOT, "classify %s peer (%s): inference %.0f images/s; Classify Image end to end / "
						+ "peer inference %.2fx%n", model.architecture(), r.who(), inf, test.n / best / inf);
				}
				TorchPeer.Result fastest = TorchPeer.fastest(peers, "inference_images_per_s", false);
				if (fastest != null)
					System.out.printf(Locale.ROOT, "classify %s against PyTorch's faster inference (%s): end to end %.2fx, raw "
						+ "inference %.2fx; raw inference %s%n", model.architecture(), fastest.threads(),
						test.n / best / fastest.number("inference_images_per_s"), test.n / raw / fastest.number("inference_images_per_s"),
						peak.percent(GemmPeak.inferenceFlops(model.layers()) * test.n, raw));
			}
		}
		finally {
			if (tmp != null) {
				for (Path f : files)
					Files.deleteIfExists(f);
				Files.deleteIfExists(tmp);
			}
		}
	}
}
