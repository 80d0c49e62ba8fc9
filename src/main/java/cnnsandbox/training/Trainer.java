package cnnsandbox.training;

import cnnsandbox.engine.DropoutModule;
import cnnsandbox.engine.Engine;
import cnnsandbox.engine.NetworkPlan;
import cnnsandbox.engine.Ops;
import cnnsandbox.engine.FlatParameters;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.Network;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

import cnnsandbox.backend.Backend;
import cnnsandbox.backend.Threads;
import cnnsandbox.data.ClassNames;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.files.MemoryBudget;

/**
 * Trains a workshop network on Fashion-MNIST as the workshop's PyTorch code does: minibatches drawn from a fresh
 * seeded shuffle each epoch, mean NLL loss of the log-softmax, SGD with classical momentum or Adam, test evaluation
 * before training (epoch 0) and after every epoch.
 * <p>
 * Implementation: {@link Engine}'s hand-written forward and backward passes on preallocated arrays (checked against
 * SameDiff's autodiff of the {@link Network} graphs by EngineTest), the dropout mask drawn from a seeded generator,
 * updates applied in place by our own updaters. Same seed and data
 * give the same result run after run (on the same machine and thread count).
 */
public final class Trainer {

	/**
	 * The backend line for passes of {@code net} over {@code batch} images at a time (1: activation maximisation;
	 * training: the batch size; inference: {@link Classifier#inferenceBatch}): the engine's thread policy is applied
	 * first, so the thread count the line reports is the one that will run.
	 */
	public static String backendFor(NetworkPlan net, int batch) {
		useThreads(net, batch);
		return Backend.describe();
	}

	/** The thread count for passes of {@code net} over {@code batch} images at a time (the engine's policy). */
	public static int threadsFor(NetworkPlan net, int batch) {
		return batch <= 1 ? Threads.forWorkload(Threads.Workload.ONE_IMAGE) : Threads.forBatch(net.largestProduct() * batch);
	}

	/** Applies and returns {@link #threadsFor}. */
	static int useThreads(NetworkPlan net, int batch) {
		int n = threadsFor(net, batch);
		Threads.use(n);
		return n;
	}

	public TrainingResult train(TrainingSettings s, LabeledImages train, LabeledImages test, TrainingListener listener,
		BooleanSupplier cancelled) {
		s.validate();
		// before training, with the loader's rule: a model that saves must load (issue 24: an hour of training was
		// saved, then refused by Classify Image as damaged)
		String problem = ClassNames.problem(train.classNames);
		if (problem != null)
			throw new IllegalArgumentException(problem.replaceFirst("^it has", "the data has") + ": rename the class folder, "
				+ "the slice label or the line of classes.txt, then train again");
		return run(s, train, test, listener, cancelled);
	}

	private TrainingResult run(TrainingSettings s, LabeledImages train, LabeledImages test, TrainingListener listener,
		BooleanSupplier cancelled) {
		if (train.n == 0)
			throw new IllegalArgumentException("no training examples: the data, train_limit or test_fraction leave none; "
				+ "give more images, or train_limit=0 (all)");
		if (test.n == 0)
			throw new IllegalArgumentException("no test examples: the data, test_limit or test_fraction leave none; give a "
				+ "test split, test_limit=0 (all), or a test_fraction above 0 with at least two images per class");
		TrainingListener l = listener != null ? listener : new TrainingListener() {};
		BooleanSupplier stop = cancelled != null ? cancelled : () -> false;
		long start = System.nanoTime();

		if (test.rows != train.rows || test.cols != train.cols || !test.classNames.equals(train.classNames))
			throw new IllegalArgumentException("the test images (" + test.rows + " x " + test.cols + ", " + test.classes()
				+ " classes) do not match the training images (" + train.rows + " x " + train.cols + ", " + train.classes() + " classes)");
		LayerList net = s.network(train.rows, train.cols, train.classes());
		// the training batches and, between epochs, the evaluation's larger inference batches
		// and the parameters: weights, gradients and up to two optimiser states, 4 floats each
		MemoryBudget.requireArrays(MemoryBudget.plus(MemoryBudget.plus(net.activationBytes(s.batchSize, true),
			net.activationBytes(Engine.inferenceBatch(net), false)), MemoryBudget.times(net.parameterCount(), 16)), "batch_size=" + s.batchSize + " with " + (s.architecture
			== Architecture.CUSTOM ? "these " + net.size() + " layers" : "model=" + s.architecture.label())
			+ " (parameters, activations and gradients)", "use a smaller batch_size, or fewer or narrower layers");
		// one flat array for all parameters and one for their gradients: the update is a few ops over all of them
		FlatParameters weights = FlatParameters.copyOf(Network.initParams(net, s.seed));
		Engine engine = new Engine(net, weights.views);
		GradientUpdater<?> updater = s.optimizer.updater(s.learningRate, s.momentum, weights.flat.shape());

		Random shuffler = new Random(s.seed * 0x9E3779B97F4A7C15L + 1);
		Random dropper = new Random(s.seed * 0xC2B2AE3D27D4EB4FL + 2);
		List<EpochRecord> log = new ArrayList<>();
		Evaluation eval = evaluate(engine, test, stop);
		EpochRecord r0 = new EpochRecord(0, seconds(start), Double.NaN, eval.loss, eval.correct, test.n);
		log.add(r0);
		l.epochEnd(r0);

		String trainedOn = backendFor(net, s.batchSize); // the training batches' threads, not the evaluation's
		int batchesPerEpoch = (train.n + s.batchSize - 1) / s.batchSize;
		int[] order = new int[train.n];
		for (int i = 0; i < order.length; i++)
			order[i] = i;
		int iteration = 0;
		// one mask array per dropout layer and batch size, refilled: a fresh 3 MB native array per batch left ~750 MB
		// per epoch to the garbage collector, native memory that only a GC returns
		Map<Integer, List<INDArray>> maskArrays = new HashMap<>();
		float[][] maskValues = { new float[0] };
		// Esc keeps what is done: the weights and test predictions of the last finished epoch (a copy per epoch,
		// small beside an epoch's work), returned if the user stops in a later one
		Map<String, INDArray> finishedWeights = null;
		Evaluation finishedEval = eval;
		try {
			for (int epoch = 1; epoch <= s.epochs; epoch++) {
				useThreads(net, s.batchSize); // evaluation's larger batches may have used more
				shuffle(order, shuffler);
				double lossSum = 0;
				for (int b = 0; b < batchesPerEpoch; b++) {
					if (stop.getAsBoolean())
						throw new CancellationException("training cancelled in epoch " + epoch + ", batch " + (b + 1));
					int from = b * s.batchSize, to = Math.min(train.n, from + s.batchSize);
					int[] idx = java.util.Arrays.copyOfRange(order, from, to);
					Engine.Batch batch = engine.batch(idx.length);
					batch.load(train.pixels, idx, 0);
					List<INDArray> masks = dropoutMasks(engine, idx.length, maskArrays, maskValues, dropper);
					engine.forward(batch, masks);
					lossSum += engine.lossAndSeed(batch, train.labels, idx);
					engine.backward(batch, masks, true, null);
					updater.applyUpdater(engine.gradients.flat, iteration, epoch - 1);
					weights.flat.subi(engine.gradients.flat);
					iteration++;
					l.batch(epoch, b + 1, batchesPerEpoch);
				}
				eval = evaluate(engine, test, stop);
				EpochRecord r = new EpochRecord(epoch, seconds(start), lossSum / batchesPerEpoch, eval.loss, eval.correct, test.n);
				log.add(r);
				finishedWeights = epoch < s.epochs ? weights.copies() : null;
				finishedEval = eval;
				l.epochEnd(r);
			}
		}
		catch (CancellationException e) {
			if (finishedWeights == null) throw e; // not one epoch finished: nothing worth keeping
			int done = log.size() - 1;
			return result(s, net, train, test, log, trainedOn + "; stopped at epoch " + done + " of " + s.epochs, finishedWeights,
				finishedEval, done);
		}
		return result(s, net, train, test, log, trainedOn, weights.copies(), eval, s.epochs);
	}

	private static TrainingResult result(TrainingSettings s, LayerList net, LabeledImages train, LabeledImages test,
		List<EpochRecord> log, String trainedOn, Map<String, INDArray> params, Evaluation eval, int epochsDone) {
		EpochRecord last = log.get(log.size() - 1);
		Classifier classifier = new Classifier(s.architecture, net, train.classNames, s, log, last.testAccuracy,
			trainedOn, Classifier.LIBRARY_VERSIONS, Instant.now().toString(), params);
		ConfusionMatrix confusion = ConfusionMatrix.of(net.classes(), test.labels, eval.predictions);
		return new TrainingResult(classifier, log, confusion, eval.predictions, epochsDone < s.epochs ? epochsDone : -1);
	}

	static final class Evaluation {
		double loss;
		int correct;
		int[] predictions;
	}

	/** Mean NLL, correct count and predictions on {@code test} with the engine's current weights (no dropout). */
	static Evaluation evaluate(Engine engine, LabeledImages test, BooleanSupplier stop) {
		Evaluation e = new Evaluation();
		e.predictions = new int[test.n];
		double nll = 0;
		int classes = engine.classes;
		float[] lp = new float[classes];
		int chunk = Engine.inferenceBatch(engine.net);
		useThreads(engine.net, Math.min(chunk, test.n));
		for (int from = 0; from < test.n; from += chunk) {
			if (stop.getAsBoolean())
				throw new CancellationException("training cancelled during evaluation");
			int to = Math.min(test.n, from + chunk);
			Engine.Batch b = engine.inferenceBatch(to - from);
			b.load(test.pixels, null, from);
			engine.forward(b, null);
			for (int i = from; i < to; i++) {
				Engine.logSoftmax(b.zf, i - from, classes, lp);
				int best = 0;
				for (int c = 1; c < classes; c++)
					if (lp[c] > lp[best])
						best = c;
				e.predictions[i] = best;
				if (best == test.labels[i])
					e.correct++;
				nll -= lp[test.labels[i]];
			}
		}
		e.loss = nll / test.n;
		return e;
	}

	public static INDArray oneHot(int[] labels, int[] idx, int classes) {
		float[] y = new float[idx.length * classes];
		for (int k = 0; k < idx.length; k++)
			y[k * classes + labels[idx[k]]] = 1;
		return Nd4j.create(y, new long[] { idx.length, classes }, 'c');
	}

	/**
	 * Inverted dropout mask: 0 with probability p, else 1/(1-p) (PyTorch's F.dropout in training mode). For p = 0.5
	 * each bit of {@link Random#nextInt()} decides one element (exactly Bernoulli(0.5), 32 elements per draw:
	 * measured, one nextDouble per element cost ~10 ms of a ~90 ms CNN batch).
	 */
	/** This batch's dropout masks (one per dropout layer, null without), in arrays reused per batch size. */
	private static List<INDArray> dropoutMasks(Engine engine, int n, Map<Integer, List<INDArray>> arrays, float[][] values,
		Random rng) {
		if (engine.dropouts.isEmpty())
			return null;
		List<INDArray> masks = arrays.computeIfAbsent(n, k -> {
			List<INDArray> list = new ArrayList<>();
			for (DropoutModule d : engine.dropouts)
				list.add(Nd4j.create(DataType.FLOAT, k, (int) d.features));
			return list;
		});
		for (int i = 0; i < masks.size(); i++) {
			DropoutModule d = engine.dropouts.get(i);
			int length = (int) masks.get(i).length();
			if (values[0].length < length)
				values[0] = new float[length];
			Ops.put(masks.get(i), dropoutValues(values[0], length, d.p, rng));
		}
		return masks;
	}

	public static INDArray dropoutMask(int rows, int cols, double p, Random rng) {
		float[] m = dropoutValues(new float[rows * cols], rows * cols, p, rng);
		return Nd4j.create(m, new long[] { rows, cols }, 'c');
	}

	/** The first {@code length} values of m set as {@link #dropoutMask}'s; returns m. */
	public static float[] dropoutValues(float[] m, int length, double p, Random rng) {
		float keep = (float) (1 / (1 - p));
		if (p == 0.5) {
			for (int i = 0; i < length; i += 32) {
				int bits = rng.nextInt();
				for (int j = i, end = Math.min(length, i + 32); j < end; j++, bits >>>= 1)
					m[j] = (bits & 1) * keep;
			}
		} else {
			for (int i = 0; i < length; i++)
				m[i] = rng.nextDouble() < p ? 0f : keep;
		}
		return m;
	}

	static void shuffle(int[] a, Random rng) {
		for (int i = a.length - 1; i > 0; i--) {
			int j = rng.nextInt(i + 1);
			int t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}
}
