package cnnsandbox.training;

import cnnsandbox.engine.DropoutModule;
import cnnsandbox.engine.Engine;
import cnnsandbox.engine.NetworkPlan;
import cnnsandbox.engine.Ops;
import cnnsandbox.engine.FlatParameters;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerList;

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
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

import cnnsandbox.backend.Backend;
import cnnsandbox.backend.Threads;
import cnnsandbox.classify.InputPreparation;
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
		return train(s, train, test, null, listener, cancelled);
	}

	/**
	 * Trains starting from {@code initial} (initial_model, read by the caller; null = fresh weights): see
	 * {@link StartingPoint}.
	 */
	public TrainingResult train(TrainingSettings s, LabeledImages train, LabeledImages test, Classifier initial,
		TrainingListener listener, BooleanSupplier cancelled) {
		s.validate();
		// before training, with the loader's rule: a model that saves must load (issue 24: an hour of training was
		// saved, then refused by Classify Image as damaged)
		String problem = ClassNames.problem(train.classNames);
		if (problem != null)
			throw new IllegalArgumentException(problem.replaceFirst("^it has", "the data has") + ": rename the class folder, "
				+ "the slice label or the line of classes.txt, then train again");
		return run(s, train, test, initial, listener, cancelled);
	}

	private TrainingResult run(TrainingSettings s, LabeledImages train, LabeledImages test, Classifier initial,
		TrainingListener listener, BooleanSupplier cancelled) {
		if (train.n == 0)
			throw new IllegalArgumentException("no training examples: the data, train_limit or test_fraction leave none; "
				+ "give more images, or train_limit=0 (all)");
		if (test.n == 0)
			throw new IllegalArgumentException("no test examples: the data, test_limit or test_fraction leave none; give a "
				+ "test split, test_limit=0 (all), or a test_fraction above 0 with at least two images per class");
		TrainingListener l = listener != null ? listener : new TrainingListener() {};
		BooleanSupplier stop = cancelled != null ? cancelled : () -> false;
		long start = System.nanoTime();
		// an imported model takes its own input units ((pixel * scale - mean) / std): its fine-tuning data are prepared alike,
		// and the trained model keeps the preparation, so Classify Image feeds it as before
		InputPreparation prep = initial == null ? InputPreparation.IDENTITY : initial.inputPreparation();
		if (!prep.isIdentity()) {
			train = prepared(train, prep);
			test = prepared(test, prep);
			l.info("the images are prepared as initial_model takes them: " + prep);
		}
		ValidationSplit held = ValidationSplit.of(train, s.validation.fraction, s.seed);
		train = held.train;
		LabeledImages validation = held.validation;
		if (validation != null)
			l.info("validation_fraction=" + s.validation.fraction + ": " + validation.n + " of the " + (train.n + validation.n)
				+ " training images held out for validation (per class, seeded), " + train.n + " left to train on");

		if (test.rows != train.rows || test.cols != train.cols || test.channels != train.channels || !test.classNames.equals(train.classNames))
			throw new IllegalArgumentException("the test images (" + test.rows + " x " + test.cols + ", " + test.classes()
				+ " classes) do not match the training images (" + train.rows + " x " + train.cols + ", " + train.classes() + " classes)");
		StartingPoint origin = initial == null ? StartingPoint.fresh(s, s.network(train.channels, train.rows, train.cols, train.classes()))
			: StartingPoint.from(initial, train, s.seed);
		if (initial != null) {
			s = origin.describe(s);
			l.info("initial_model (layers " + origin.net.text() + ", which replace model, hidden and layers) " + origin.description);
		}
		LayerList net = origin.net;
		long frozen = FrozenLayers.count(net, s.resume.freeze);
		// the training batches and, between epochs, the evaluation's larger inference batches
		// and the parameters: weights, gradients and up to two optimiser states, 4 floats each
		MemoryBudget.requireArrays(MemoryBudget.plus(MemoryBudget.plus(net.activationBytes(s.batchSize, true),
			net.activationBytes(Engine.inferenceBatch(net), false)), MemoryBudget.times(net.parameterCount(), 16)), "batch_size=" + s.batchSize + " with " + (s.architecture
			== Architecture.CUSTOM ? "these " + net.size() + " layers" : "model=" + s.architecture.label())
			+ " (parameters, activations and gradients)", "use a smaller batch_size, or fewer or narrower layers");
		// one flat array for all parameters and one for their gradients: the update is a few ops over all of them
		FlatParameters weights = FlatParameters.copyOf(origin.params);
		Engine engine = new Engine(net, weights.views);
		GradientUpdater<?> updater = s.optimizer.updater(s.learningRate, s.momentum, weights.flat.shape());
		// the step of frozen parameters is zeroed (FrozenLayers): a view of the gradients' first values
		INDArray frozenStep = frozen == 0 ? null : engine.gradients.flat.get(NDArrayIndex.interval(0, frozen));
		int iteration = 0, epochsBefore = 0; // over the runs that led to the initial model
		if (origin.optimizerState != null) {
			OptimizerState saved = origin.optimizerState;
			String why = saved.restoreInto(s.optimizer, updater, weights.flat.length());
			l.info(why == null ? "the optimizer continues from its saved state (" + saved.iterations + " updates, " + saved.epochs + " epochs)"
				: "the optimizer starts afresh: " + why);
			iteration = Math.toIntExact(saved.iterations);
			epochsBefore = saved.epochs;
		} else if (initial != null && origin.net == initial.layers())
			l.info("the optimizer starts afresh: the model file holds no optimizer state (imported, saved with keep=best, or "
				+ "before resuming existed)");

		RandomStreams streams = new RandomStreams(s.seed, train.n);
		streams.skip(epochsBefore, s.batchSize, engine.dropouts); // a resumed run goes on with the draws of a longer one
		List<EpochRecord> log = new ArrayList<>();
		Evaluation eval = evaluate(engine, test, stop);
		Evaluation checked = validation == null ? null : evaluate(engine, validation, stop);
		EpochRecord r0 = record(0, start, Double.NaN, Double.NaN, eval, test, checked, validation, Double.NaN);
		log.add(r0);
		l.epochEnd(r0);
		boolean keepBest = s.validation.keep == Keep.BEST;
		EarlyStopping watch = new EarlyStopping(s.validation.patience);
		Map<String, INDArray> bestWeights = null;
		Evaluation bestEval = null;
		if (checked != null && watch.improved(0, checked.loss) && keepBest) {
			bestWeights = weights.copies();
			bestEval = eval;
		}
		String stoppedEarly = null;
		RunningAccuracy trainAccuracy = new RunningAccuracy();

		String trainedOn = backendFor(net, s.batchSize); // the training batches' threads, not the evaluation's
		int batchesPerEpoch = (train.n + s.batchSize - 1) / s.batchSize;
		int[] order = streams.order;
		// one mask array per dropout layer and batch size, refilled: a fresh 3 MB native array per batch left ~750 MB
		// per epoch to the garbage collector, native memory that only a GC returns
		Map<Integer, List<INDArray>> maskArrays = new HashMap<>();
		float[][] maskValues = { new float[0] };
		// Esc keeps what is done: the weights and test predictions of the last finished epoch (a copy per epoch,
		// small beside an epoch's work), returned if the user stops in a later one
		Map<String, INDArray> finishedWeights = null;
		Evaluation finishedEval = eval;
		OptimizerState finishedState = null;
		float[] classWeights = s.classWeights.weights(train.labels, train.classes());
		// the schedule runs over this run's epochs (a resumed run starts it again: its state is not saved)
		LearningRateSchedule.Rates rates = s.schedule.start(s.learningRate, s.epochs);
		float[] augmented = null; // one batch of augmented images, refilled
		try {
			for (int epoch = 1; epoch <= s.epochs; epoch++) {
				useThreads(net, s.batchSize); // evaluation's larger batches may have used more
				double rate = rates.next(epoch);
				updater.getConfig().setLrAndSchedule(rate, null); // both updaters read the rate at each step
				streams.nextEpoch();
				double lossSum = 0;
				for (int b = 0; b < batchesPerEpoch; b++) {
					if (stop.getAsBoolean())
						throw new CancellationException("training cancelled in epoch " + epoch + ", batch " + (b + 1));
					int from = b * s.batchSize, to = Math.min(train.n, from + s.batchSize);
					int[] idx = java.util.Arrays.copyOfRange(order, from, to);
					Engine.Batch batch = engine.batch(idx.length);
					if (s.augmentation.isNone())
						batch.load(train.pixels, idx, 0);
					else // drawn per (seed, epoch, image): a resumed run draws what the longer run would have
						batch.load(augmented = s.augmentation.batch(train, idx, s.seed, epochsBefore + epoch, augmented), null, 0);
					List<INDArray> masks = dropoutMasks(engine, idx.length, maskArrays, maskValues, streams.dropper);
					engine.forward(batch, masks);
					trainAccuracy.add(batch.zf, engine.classes, train.labels, idx);
					lossSum += engine.lossAndSeed(batch, train.labels, idx, classWeights);
					engine.backward(batch, masks, true, null);
					if (frozenStep != null) frozenStep.assign(0); // the optimiser's state for frozen values stays 0
					updater.applyUpdater(engine.gradients.flat, iteration, epochsBefore + epoch - 1);
					if (frozenStep != null) frozenStep.assign(0); // and a saved momentum moves them neither
					weights.flat.subi(engine.gradients.flat);
					iteration++;
					l.batch(epoch, b + 1, batchesPerEpoch);
				}
				eval = evaluate(engine, test, stop);
				checked = validation == null ? null : evaluate(engine, validation, stop);
				rates.observe(checked != null ? checked.loss : lossSum / batchesPerEpoch); // plateau watches validation when there is one
				EpochRecord r = record(epoch, start, lossSum / batchesPerEpoch, trainAccuracy.take(), eval, test, checked, validation, rate);
				log.add(r);
				finishedWeights = epoch < s.epochs ? weights.copies() : null;
				finishedEval = eval;
				// with checkpoints the user wants to resume: Esc then saves the finished epoch's optimiser state too,
				// rather than replace the last checkpoint by a model without it (a copy per epoch, as the weights')
				finishedState = epoch < s.epochs && s.resume.checkpointEvery > 0
					? OptimizerState.of(s.optimizer, updater, iteration, epochsBefore + epoch) : null;
				l.epochEnd(r);
				if (checked != null) {
					if (watch.improved(epoch, checked.loss) && keepBest) {
						bestWeights = weights.copies();
						bestEval = eval;
					}
					if (watch.exhausted(epoch) && epoch < s.epochs) {
						stoppedEarly = "early stopping at epoch " + epoch + " of " + s.epochs + ": " + watch.reason(epoch);
						break;
					}
				}
				if (s.resume.checkpointEvery > 0 && epoch % s.resume.checkpointEvery == 0 && epoch < s.epochs)
					l.checkpoint(new Classifier(s.architecture, net, train.classNames, s, log, r.testAccuracy, trainedOn,
						Classifier.LIBRARY_VERSIONS, Instant.now().toString(), weights.views,
						OptimizerState.of(s.optimizer, updater, iteration, epochsBefore + epoch)).withInputPreparation(prep));
			}
		}
		catch (CancellationException e) {
			if (finishedWeights == null) throw e; // not one epoch finished: nothing worth keeping
			int done = log.size() - 1;
			boolean best = keepBest && bestWeights != null && watch.bestEpoch() != done;
			return result(prep, s, net, train, test, log, trainedOn + "; stopped at epoch " + done + " of " + s.epochs, best ? bestWeights
				: finishedWeights, best ? bestEval : finishedEval, done, best ? watch.bestEpoch() : done, null, validation,
				best ? null : finishedState);
		}
		int done = log.size() - 1;
		if (keepBest && bestWeights != null && watch.bestEpoch() != done)
			return result(prep, s, net, train, test, log, trainedOn, bestWeights, bestEval, -1, watch.bestEpoch(), stoppedEarly, validation,
				null); // the optimiser's state is the last epoch's, not the kept one's
		return result(prep, s, net, train, test, log, trainedOn, weights.copies(), eval, -1, done, stoppedEarly, validation,
			OptimizerState.of(s.optimizer, updater, iteration, epochsBefore + done));
	}

	/** @param stoppedAt the last finished epoch when the user stopped training; -1 if not */
	private static TrainingResult result(InputPreparation prep, TrainingSettings s, LayerList net, LabeledImages train, LabeledImages test,
		List<EpochRecord> log, String trainedOn, Map<String, INDArray> params, Evaluation eval, int stoppedAt, int kept,
		String stoppedEarly, LabeledImages validation, OptimizerState state) {
		double accuracy = eval.correct / (double) test.n; // the kept epoch's
		Classifier classifier = new Classifier(s.architecture, net, train.classNames, s, log, accuracy,
			trainedOn, Classifier.LIBRARY_VERSIONS, Instant.now().toString(), params, state).withInputPreparation(prep);
		ConfusionMatrix confusion = ConfusionMatrix.of(net.classes(), test.labels, eval.predictions);
		return new TrainingResult(classifier, log, confusion, eval.predictions, stoppedAt, kept, stoppedEarly,
			validation == null ? 0 : validation.n);
	}

	private static EpochRecord record(int epoch, long start, double trainLoss, double trainAccuracy, Evaluation test,
		LabeledImages testSet, Evaluation validation, LabeledImages validationSet, double rate) {
		return new EpochRecord(epoch, seconds(start), trainLoss, test.loss, test.correct, testSet.n, trainAccuracy,
			validation == null ? Double.NaN : validation.loss, validation == null ? Double.NaN : validation.correct / (double) validationSet.n,
			test.balanced(testSet), rate);
	}

	/** A copy of {@code images} with its pixels prepared ({@code images} is left as it is: the caller's data). */
	private static LabeledImages prepared(LabeledImages images, InputPreparation prep) {
		float[] pixels = images.pixels.clone();
		prep.apply(pixels);
		return new LabeledImages(images.channels, images.rows, images.cols, pixels, images.labels, images.classNames);
	}

	static final class Evaluation {
		double loss;
		int correct;
		int[] predictions;

		double balanced(LabeledImages test) {
			return ConfusionMatrix.of(test.classes(), test.labels, predictions).balancedAccuracy();
		}
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
				int best = Engine.argmax(lp, 0, classes);
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
