package cnnsandbox.bench;

import java.nio.file.Path;
import java.util.Locale;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.ImbalancedSubset;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;
import cnnsandbox.training.Augmentation;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.ClassWeights;
import cnnsandbox.training.EpochRecord;
import cnnsandbox.training.Optimizer;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingResult;
import cnnsandbox.training.TrainingSettings;

/**
 * What two training choices buy on real data, three seeds each (the "Must show"), the same runs as Train
 * Fashion Classifier with the keys given:
 * <ul>
 * <li>{@code augment}: the CNN, Adam 0.001, batch 50, 100 epochs, on the first 1,000 Fashion-MNIST training images,
 * without and with {@code augment=[shift 2, flip_h]}: the final model's accuracy on the 10,000 test images (each
 * epoch's evaluation on the first 1,000 only, which made the run 3x shorter). In 30 epochs augmentation lost 1.4
 * points (mean of 3 seeds, 0.8287 -> 0.8150): the augmented runs were still improving at the last epoch.</li>
 * <li>{@code class_weights}: the MLP (Adam 0.001, batch 250) on the first 12,000 training images with class 6
 * (Shirt, the hardest) cut to 5 % of the others' mean count, {@code class_weights=none} against {@code balanced}:
 * test accuracy, balanced accuracy and the rare class's recall.</li>
 * </ul>
 * Usage: {@code TrainingChoicesBench [what=cost,augment,class_weights] [epochs=0 (each part's own)] [seeds=1,2,3]
 * [data_dir=...]}. Quality, not speed: no peer is run (PyTorch's figures for the same recipe are in docs/results.md
 * where measured).
 */
public final class TrainingChoicesBench {

	public static void main(String[] args) throws Exception {
		cnnsandbox.backend.NativeBinary.select();
		BenchArgs given = new BenchArgs(args, "what", "epochs", "seeds", "data_dir");
		String what = given.text("what", "cost,augment,class_weights"), seeds = given.text("seeds", "1,2,3");
		int epochs = given.integer("epochs", 0);
		Path dataDir = Path.of(given.text("data_dir", FashionMnist.DEFAULT_DIR.toString()));
		LabeledImages test = FashionMnist.load(dataDir, false, 0);
		for (String part : what.split(","))
			if (part.equals("cost")) cost(test);
			else if (part.equals("augment")) augment(dataDir, test, epochs > 0 ? epochs : 100, seeds);
			else if (part.equals("class_weights")) classWeights(dataDir, test, epochs > 0 ? epochs : 5, seeds);
			else throw new IllegalArgumentException("what: cost, augment or class_weights, got " + part);
	}

	/** What augmenting costs per image (on one thread, beside a CNN training step's ~0.4 ms per image measured in TrainBench). */
	static void cost(LabeledImages images) {
		int[] idx = new int[250];
		for (String list : new String[] { "[shift 2, flip_h]", "[flip_h, shift 2, rotate 10, noise 0.05, brightness 0.1]" }) {
			Augmentation a = Augmentation.parse(list);
			float[] out = null;
			long best = Long.MAX_VALUE;
			for (int rep = 0; rep < 40; rep++) {
				for (int i = 0; i < idx.length; i++) idx[i] = (rep * 250 + i) % images.n;
				long t0 = System.nanoTime();
				out = a.batch(images, idx, 1, rep, out);
				best = Math.min(best, System.nanoTime() - t0);
			}
			System.out.printf(Locale.ROOT, "cost: augment=%s %.1f us per 28 x 28 image (best of 40 batches of 250)%n", list, best / 1e3 / 250);
		}
	}

	static void augment(Path dir, LabeledImages test, int epochs, String seeds) throws Exception {
		LabeledImages train = FashionMnist.load(dir, true, 1000), monitor = test.head(1000);
		System.out.printf(Locale.ROOT, "augment: CNN, Adam 0.001, batch 50, %d epochs, 1000 training images; the log's test set is the "
			+ "first 1000 test images (each epoch's evaluation), the final model is scored on all %d%n", epochs, test.n);
		double[] sum = new double[2];
		int n = 0;
		for (String seedText : seeds.split(",")) {
			long seed = Long.parseLong(seedText);
			for (int k = 0; k < 2; k++) {
				TrainingSettings s = new TrainingSettings(Architecture.CNN);
				s.optimizer = Optimizer.ADAM;
				s.learningRate = 0.001;
				s.batchSize = 50;
				s.epochs = epochs;
				s.seed = seed;
				s.augmentation = k == 0 ? Augmentation.NONE : Augmentation.parse("[shift 2, flip_h]");
				long t0 = System.nanoTime();
				TrainingResult r = new Trainer().train(s, train, monitor, null, null);
				double acc = accuracy(r.classifier, test);
				sum[k] += acc;
				System.out.printf(Locale.ROOT, "  seed %d augment=%-17s test accuracy %.4f (first 1000: last epoch %.4f, best %.4f at epoch %d; "
					+ "train loss %.4f) in %.0f s%n", seed, s.augmentation, acc, r.last().testAccuracy, best(r).testAccuracy, best(r).epoch,
					r.last().trainLoss, (System.nanoTime() - t0) / 1e9);
			}
			n++;
		}
		System.out.printf(Locale.ROOT, "augment: mean of %d seeds: none %.4f, [shift 2, flip_h] %.4f (%+.2f points)%n", n,
			sum[0] / n, sum[1] / n, 100 * (sum[1] - sum[0]) / n);
	}

	/** The fraction of {@code test} the model classifies right, in batches of 1000. */
	static double accuracy(Classifier model, LabeledImages test) {
		int correct = 0;
		for (int from = 0; from < test.n; from += 1000) {
			int to = Math.min(test.n, from + 1000);
			int[] p = model.predict(test.features(from, to));
			for (int i = from; i < to; i++) if (p[i - from] == test.labels[i]) correct++;
		}
		return correct / (double) test.n;
	}

	static void classWeights(Path dir, LabeledImages test, int epochs, String seeds) throws Exception {
		int rare = 6;
		LabeledImages train = ImbalancedSubset.of(FashionMnist.load(dir, true, 12000), rare, 0.05);
		int rareCount = 0;
		for (int l : train.labels) if (l == rare) rareCount++;
		System.out.printf(Locale.ROOT, "class_weights: MLP, Adam 0.001, %d epochs, %d training images (class %d %s: %d), 10000 test images%n",
			epochs, train.n, rare, train.classNames.get(rare), rareCount);
		double[][] sum = new double[2][3];
		int n = 0;
		for (String seedText : seeds.split(",")) {
			long seed = Long.parseLong(seedText);
			for (int k = 0; k < 2; k++) {
				TrainingSettings s = new TrainingSettings(Architecture.MLP);
				s.epochs = epochs;
				s.seed = seed;
				s.optimizer = Optimizer.ADAM;
				s.learningRate = 0.001;
				s.classWeights = k == 0 ? ClassWeights.NONE : ClassWeights.BALANCED;
				TrainingResult r = new Trainer().train(s, train, test, null, null);
				double[] v = { r.last().testAccuracy, r.confusion.balancedAccuracy(), r.confusion.recall(rare) };
				for (int j = 0; j < 3; j++) sum[k][j] += v[j];
				System.out.printf(Locale.ROOT, "  seed %d class_weights=%-8s accuracy %.4f, balanced accuracy %.4f, recall of %s %.4f%n", seed,
					s.classWeights.label(), v[0], v[1], train.classNames.get(rare), v[2]);
			}
			n++;
		}
		for (int k = 0; k < 2; k++)
			System.out.printf(Locale.ROOT, "class_weights=%s: mean of %d seeds: accuracy %.4f, balanced accuracy %.4f, recall of class %d %.4f%n",
				k == 0 ? "none" : "balanced", n, sum[k][0] / n, sum[k][1] / n, rare, sum[k][2] / n);
	}

	private static EpochRecord best(TrainingResult r) {
		EpochRecord b = r.epochs.get(0);
		for (EpochRecord e : r.epochs) if (e.testAccuracy > b.testAccuracy) b = e;
		return b;
	}
}
