package cnnsandbox.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import cnnsandbox.backend.Backend;
import cnnsandbox.backend.Threads;
import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.EpochRecord;
import cnnsandbox.training.Objective;
import cnnsandbox.training.Optimizer;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingListener;
import cnnsandbox.training.TrainingResult;
import cnnsandbox.training.TrainingSettings;
import cnnsandbox.options.Options;

/**
 * Training and inference throughput of the two models on Fashion-MNIST.
 * <p>
 * Usage: {@code TrainBench [models=mlp,cnn] [epochs=1] [train_limit=0] [test_limit=0] [optimizer=sgd]
 * [learning_rate=0.01] [data_dir=...] [threads=0] [peer=yes]}. {@code threads} is a comma-separated list of thread
 * settings to run in turn in this process (0 = automatic: all cores, see {@link Threads}; e.g. {@code threads=1,0}
 * for the scaling). With {@code peer=yes} the same epochs and inference are run by PyTorch ({@link TorchPeer}) and
 * printed beside ours with the ratio. Training is compared by the median epoch (a JVM compiles its hot code during
 * the first), inference by the best of 10 runs after a warm-up (the median is printed beside).
 * <p>
 * The training thread's CPU time per epoch is printed beside the wall time: on a shared machine wall times vary
 * threefold, CPU time hardly. The figures, and what they showed, are in the README (Benchmarks). Where a CNN batch
 * of 250 spends its ~85-105 ms on one quiet core: oneDNN conv2 forward ~17 ms and conv2d_bp ~28 ms, max-pool
 * backward ~9 ms, ReLU backward ~4 ms, NCHW/NHWC copies ~3.5 ms, conv1 products ~5 ms, dense layers ~6 ms, Java
 * im2col and dropout mask ~5-8 ms, updaters ~3 ms; ND4J's per-op overhead (~30-100 us) is what is left in a
 * single-image ascent step (~35 ops).
 */
public final class TrainBench {

	/** The GEMM peak measured at the start of this run. */
	private static GemmPeak peak;

	public static void main(String[] args) throws Exception {
		cnnsandbox.backend.NativeBinary.select(); // before ND4J loads its natives: the CPU binary, the thread wait policy
		BenchArgs given = new BenchArgs(args, "models", "epochs", "train_limit", "test_limit", "optimizer", "learning_rate", "threads",
			"peer", "data_dir");
		String models = given.text("models", "mlp,cnn"), optimizer = given.text("optimizer", "sgd"), threadList = given.text("threads", "0");
		int epochs = given.integer("epochs", 1), trainLimit = given.integer("train_limit", 0), testLimit = given.integer("test_limit", 0);
		double lr = given.number("learning_rate", 0.01);
		Path dataDir = Paths.get(given.text("data_dir", FashionMnist.DEFAULT_DIR.toString()));
		boolean peer = given.yes("peer", true);
		System.out.println(Backend.describe() + ", OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
		long t0 = System.nanoTime();
		LabeledImages train = FashionMnist.load(dataDir, true, trainLimit);
		LabeledImages test = FashionMnist.load(dataDir, false, testLimit);
		System.out.printf(Locale.ROOT, "loaded %d train + %d test images in %.2f s%n", train.n, test.n, (System.nanoTime() - t0) / 1e9);

		peak = GemmPeak.measure();
		for (String m : models.split(",")) {
			double[] ours = null;
			for (String t : threadList.split(",")) {
				Threads.setSetting(Integer.parseInt(t.trim()));
				ours = bench(m, epochs, optimizer, lr, train, test);
			}
			if (peer) {
				String name = m.toUpperCase(Locale.ROOT);
				java.util.List<TorchPeer.Result> runs = TorchPeer.run("train", m, dataDir.toString(), String.valueOf(trainLimit),
					String.valueOf(epochs));
				for (TorchPeer.Result r : runs) {
					double tr = r.number("train_images_per_s"), inf = r.number("inference_images_per_s");
					System.out.printf(Locale.ROOT, "%s peer (%s): training %.2f s/epoch (median of %d), %.0f images/s, %s; "
						+ "inference %.0f images/s best, %.0f median, %s%n", name, r.who(), train.n / tr, epochs, tr,
						peak.percent(ours[2] * tr, 1), inf, r.number("inference_median_images_per_s"), peak.percent(ours[3] * inf, 1));
				}
				TorchPeer.Result ft = TorchPeer.fastest(runs, "train_images_per_s", false);
				TorchPeer.Result fi = TorchPeer.fastest(runs, "inference_images_per_s", false);
				if (ft != null)
					System.out.printf(Locale.ROOT, "%s ours / PyTorch's faster: training %.2fx (against %s), inference %.2fx best run, "
						+ "%.2fx median (against %s)%n", name, ours[0] / ft.number("train_images_per_s"), ft.threads(),
						ours[1] / fi.number("inference_images_per_s"), ours[4] / fi.number("inference_median_images_per_s"), fi.threads());
			}
		}
		long peakHeap = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP)
				peakHeap += pool.getPeakUsage().getUsed();
		System.out.printf(Locale.ROOT, "peak heap (sum of heap pools' peaks) %.0f MB; max heap %.0f MB; off-heap (ND4J) %s%n",
			peakHeap / 1e6, Runtime.getRuntime().maxMemory() / 1e6, offHeap());
	}

	/** Trains one model, then times inference and activation maximisation; returns {training, inference} images/s. */
	private static double[] bench(String m, int epochs, String optimizer, double lr, LabeledImages train, LabeledImages test) {
		{
			TrainingSettings s = new TrainingSettings(Options.choice("model", m, Architecture.class));
			s.epochs = epochs;
			s.optimizer = Options.choice("optimizer", optimizer, Optimizer.class);
			s.learningRate = lr;
			long[] epochStart = { System.nanoTime(), cpu() };
			java.util.List<double[]> epochSeconds = new java.util.ArrayList<>(); // {wall, CPU} per epoch
			TrainingListener listener = new TrainingListener() {
				@Override
				public void batch(int epoch, int batch, int batchesPerEpoch) {
					if (batch == 1 && epoch == 1) {
						epochStart[0] = System.nanoTime();
						epochStart[1] = cpu();
					}
					if (batch == batchesPerEpoch) {
						// the first batch is measured from its end (warm-up excluded), so scale by batches/(batches-1)
						double scale = epoch == 1 ? batchesPerEpoch / Math.max(1.0, batchesPerEpoch - 1) : 1;
						epochSeconds.add(new double[] { scale * (System.nanoTime() - epochStart[0]) / 1e9,
							scale * (cpu() - epochStart[1]) / 1e9 });
						epochStart[0] = System.nanoTime();
						epochStart[1] = cpu();
					}
				}

				@Override
				public void epochEnd(EpochRecord r) {
					System.out.println("  " + s.architecture + " " + r);
					epochStart[0] = System.nanoTime();
					epochStart[1] = cpu();
				}
			};
			long start = System.nanoTime();
			TrainingResult result = new Trainer().train(s, train, test, listener, null);
			double total = (System.nanoTime() - start) / 1e9;
			double perEpoch = median(epochSeconds, 0), cpuPerEpoch = median(epochSeconds, 1);
			double mean = epochSeconds.stream().mapToDouble(e -> e[0]).average().orElse(Double.NaN);
			double trainFlops = GemmPeak.trainingFlops(result.classifier.layers()), inferFlops = GemmPeak.inferenceFlops(result.classifier.layers());
			System.out.printf(Locale.ROOT, "%s training: %.2f s/epoch (median of %d epochs, excluding evaluation; mean %.2f), "
				+ "%.0f images/s, %s (%.1f GFLOP per epoch); run total %.2f s%n", s.architecture, perEpoch, epochSeconds.size(), mean,
				train.n / perEpoch, peak.percent(trainFlops * train.n, perEpoch), trainFlops * train.n / 1e9, total);
			// CPU time of the calling thread: far less sensitive than wall time to other processes sharing the cores,
			// but blind to the work of ND4J's other threads
			System.out.printf(Locale.ROOT, "%s training CPU time (calling thread): %.2f s/epoch, %.0f images per CPU second%n",
				s.architecture, cpuPerEpoch, train.n / cpuPerEpoch);
			System.out.println(s.architecture + " trained on: " + result.classifier.trainedOn());

			INDArray x = test.features(0, test.n);
			result.classifier.predict(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, Math.min(1000, test.n)))); // warm-up
			double[] runs = new double[10];
			int[] pred = null;
			for (int rep = 0; rep < runs.length; rep++) {
				long i0 = System.nanoTime();
				pred = result.classifier.predict(x);
				runs[rep] = (System.nanoTime() - i0) / 1e9;
			}
			StringBuilder order = new StringBuilder();
			for (double r : runs)
				order.append(String.format(Locale.ROOT, " %.1f", r * 1e3));
			java.util.Arrays.sort(runs);
			double best = runs[0], median = runs[runs.length / 2], worst = runs[runs.length - 1];
			int correct = 0;
			for (int i = 0; i < pred.length; i++)
				if (pred[i] == test.labels[i])
					correct++;
			System.out.printf(Locale.ROOT, "%s inference: %d images in %.3f s, %.0f images/s, %s (accuracy %.4f; of 10 runs: median %.0f, "
				+ "worst %.0f images/s, median %s; %d threads)%n", s.architecture, test.n, best, test.n / best,
				peak.percent(inferFlops * test.n, best), correct / (double) test.n, test.n / median, test.n / worst,
				peak.percent(inferFlops * test.n, median),
				Trainer.threadsFor(result.classifier.layers(), Classifier.inferenceBatch(result.classifier.layers(), test.n)));
			System.out.println(s.architecture + " inference runs in order, ms:" + order);
			activationMaximisation(result.classifier);
			return new double[] { train.n / perEpoch, test.n / best, trainFlops, inferFlops, test.n / median };
		}
	}

	private static double median(java.util.List<double[]> rows, int column) {
		double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
		return v.length == 0 ? Double.NaN : v[v.length / 2];
	}

	/** 300 gradient-ascent steps (as VisualizeNeuron does) per objective: class log-probability and each layer's unit 0. */
	private static void activationMaximisation(Classifier c) {
		java.util.List<Objective> objectives = new java.util.ArrayList<>();
		objectives.add(Objective.classLogProbability(0));
		for (String layer : c.layerNames())
			objectives.add(Objective.unit(layer, 0));
		StringBuilder sb = new StringBuilder(c.architecture() + " activation maximisation, 300 steps:");
		for (Objective o : objectives) {
			INDArray img = Nd4j.zeros(DataType.FLOAT, 1, 1, 28, 28);
			INDArray grad = Nd4j.create(DataType.FLOAT, 1, 1, 28, 28);
			c.objectiveAndGradient(img, o, grad); // warm-up
			long t = System.nanoTime();
			for (int step = 0; step < 300; step++) {
				c.objectiveAndGradient(img, o, grad);
				img.addi(grad.muli(0.1));
			}
			double s = (System.nanoTime() - t) / 1e9;
			sb.append(String.format(Locale.ROOT, " %s %.2f s (%.2f ms/step);", o, s, s / 300 * 1e3));
		}
		System.out.println(sb);
	}

	private static long cpu() {
		return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
	}

	private static String offHeap() {
		try {
			return String.format(Locale.ROOT, "%.0f MB physical bytes in use by JavaCPP",
				org.bytedeco.javacpp.Pointer.physicalBytes() / 1e6);
		} catch (Throwable t) {
			return "?";
		}
	}
}
