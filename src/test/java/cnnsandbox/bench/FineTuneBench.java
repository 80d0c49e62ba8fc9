package cnnsandbox.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;
import cnnsandbox.training.FashionSubsets;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Optimizer;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingResult;
import cnnsandbox.training.TrainingSettings;

/**
 * Fine-tuning against training from scratch (issue 19): the CNN trained on Fashion-MNIST classes 0-4 (all their
 * training images) is fine-tuned on N images per class of classes 5-9, with {@code freeze=conv2} and with every
 * layer trained, beside the same CNN trained from scratch on the same images; test accuracy on the test images of
 * classes 5-9, mean over seeds.
 * <p>
 * Usage: {@code FineTuneBench [per_class=100,10] [seeds=1,2,3] [base_epochs=3] [epochs=20] [test_limit=2000]}.
 */
public final class FineTuneBench {

	public static void main(String[] args) throws Exception {
		cnnsandbox.backend.NativeBinary.select();
		BenchArgs given = new BenchArgs(args, "per_class", "seeds", "base_epochs", "epochs", "test_limit");
		String perClass = given.text("per_class", "100,10"), seeds = given.text("seeds", "1,2,3");
		int baseEpochs = given.integer("base_epochs", 3), epochs = given.integer("epochs", 20), testLimit = given.integer("test_limit", 2000);
		Path dir = FashionMnist.DEFAULT_DIR;
		LabeledImages train = FashionMnist.load(dir, true, 0), test = FashionMnist.load(dir, false, 0);
		TrainingSettings base = settings(baseEpochs, 1);
		long t0 = System.nanoTime();
		TrainingResult pre = new Trainer().train(base, FashionSubsets.classes(train, 0, 4, 0), FashionSubsets.classes(test, 0, 4, 0), null, null);
		Classifier basis = pre.classifier;
		System.out.printf(Locale.ROOT, "base: CNN on classes 0-4 (%d images), %d epochs: test accuracy %.4f (%.0f s)%n",
			FashionSubsets.classes(train, 0, 4, 0).n, baseEpochs, basis.finalAccuracy(), (System.nanoTime() - t0) / 1e9);
		LabeledImages newTest = FashionSubsets.classes(test, 5, 9, 0).head(testLimit);
		for (String n : perClass.split(",")) {
			LabeledImages newTrain = FashionSubsets.classes(train, 5, 9, Integer.parseInt(n.trim()));
			List<double[]> rows = new ArrayList<>();
			for (String seed : seeds.split(",")) {
				long sd = Long.parseLong(seed.trim());
				TrainingSettings frozen = settings(epochs, sd), all = settings(epochs, sd), scratch = settings(epochs, sd);
				frozen.resume.freeze = "conv2";
				double a = new Trainer().train(frozen, newTrain, newTest, basis, null, null).last().testAccuracy;
				double b = new Trainer().train(all, newTrain, newTest, basis, null, null).last().testAccuracy;
				double c = new Trainer().train(scratch, newTrain, newTest, null, null, null).last().testAccuracy;
				rows.add(new double[] { a, b, c });
				System.out.printf(Locale.ROOT, "  %s/class seed %d: fine-tuned freeze=conv2 %.4f, fine-tuned all %.4f, from scratch %.4f%n", n, sd, a, b, c);
			}
			double[] mean = new double[3];
			for (double[] r : rows) for (int i = 0; i < 3; i++) mean[i] += r[i] / rows.size();
			System.out.printf(Locale.ROOT, "%s images/class of classes 5-9 (%d train, %d test), %d epochs, mean of %d seeds: "
				+ "fine-tuned freeze=conv2 %.4f, fine-tuned all layers %.4f, from scratch %.4f%n", n, newTrain.n, newTest.n, epochs,
				rows.size(), mean[0], mean[1], mean[2]);
		}
	}

	static TrainingSettings settings(int epochs, long seed) {
		TrainingSettings s = new TrainingSettings(Architecture.CNN);
		s.optimizer = Optimizer.ADAM;
		s.learningRate = 0.001;
		s.batchSize = 25;
		s.epochs = epochs;
		s.seed = seed;
		return s;
	}
}
