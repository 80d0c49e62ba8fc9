package cnnsandbox.explain;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import cnnsandbox.backend.Threads;
import cnnsandbox.engine.Engine;
import cnnsandbox.engine.Ops;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Trainer;

/**
 * Batched passes of a classifier for attribution: log-probabilities of many images, and d log p(target) / d pixel
 * of many images at once (one forward and one backward pass per engine batch, the batch's products on all the
 * threads the engine's policy gives it), in the model's input units. The target of an image is a class, or
 * {@link #PREDICTED}: its most probable class, read from the same forward pass.
 */
final class Passes {

	/** A target meaning "the image's most probable class". */
	static final int PREDICTED = -1;

	/**
	 * Images per engine batch with gradients. Conv nets: the engine's forward batch (250, measured best for oneDNN's
	 * conv); dense-only nets take more (larger products are faster), capped so that the activations and their
	 * gradients of a batch stay under ~100 MB.
	 */
	static int chunk(Classifier model) {
		return Math.min(Engine.inferenceBatch(model.layers()), model.layers().hasConv() ? 250 : 2_000);
	}

	final Engine engine;
	/** An image's input values (channels x rows x cols) and its map's pixels (rows x cols). */
	final int values, pixels, classes, chunk;
	private final Classifier model;
	private final BooleanSupplier stop;

	Passes(Classifier model, boolean fuse, BooleanSupplier stop) {
		this.model = model;
		this.engine = new Engine(model.layers(), model.params(), fuse);
		this.values = model.inputSize();
		this.pixels = model.inputRows() * model.inputCols();
		this.classes = model.layers().classes();
		this.chunk = chunk(model);
		this.stop = stop;
	}

	/** Sets the thread count for batches of {@code images} images (the engine's policy). */
	void useThreads(int images) {
		Threads.use(Trainer.threadsFor(model.layers(), Math.min(images, chunk)));
	}

	void checkStop() {
		if (stop.getAsBoolean())
			throw new CancellationException();
	}

	/** Log-probabilities [m, classes] of images {@code 0..m-1} of {@code images} [m, pixels]; forward only. */
	float[] logProbabilities(float[] images, int m) {
		float[] out = new float[m * classes];
		float[] lp = new float[classes];
		for (int from = 0; from < m; from += chunk) {
			checkStop();
			int k = Math.min(chunk, m - from);
			Engine.Batch b = engine.inferenceBatch(k);
			b.load(images, null, from);
			engine.forward(b, null);
			for (int i = 0; i < k; i++) {
				Engine.logSoftmax(b.zf, i, classes, lp);
				System.arraycopy(lp, 0, out, (from + i) * classes, classes);
			}
		}
		return out;
	}

	/**
	 * d log p(target) / d input value of images {@code 0..m-1} into {@code grad} [m, values]; their log-probabilities into
	 * {@code logp} [m, classes] when non-null. {@code targets[i]} is a class or {@link #PREDICTED}.
	 */
	void gradients(float[] images, int m, int[] targets, float[] grad, float[] logp) {
		float[] lp = new float[classes];
		for (int from = 0; from < m; from += chunk) {
			checkStop();
			int k = Math.min(chunk, m - from);
			Engine.Batch b = engine.batch(k);
			b.load(images, null, from);
			engine.forward(b, null);
			for (int i = 0; i < k; i++) {
				Engine.logSoftmax(b.zf, i, classes, lp);
				int t = targets[from + i] == PREDICTED ? Engine.argmax(lp, 0, classes) : targets[from + i];
				Engine.logSoftmaxSeed(lp, t, b.dzf, i * classes);
				if (logp != null)
					System.arraycopy(lp, 0, logp, (from + i) * classes, classes);
			}
			Ops.put(b.d[engine.modules.size() - 1], b.dzf);
			float[] g = new float[k * values];
			engine.backward(b, null, false, g);
			System.arraycopy(g, 0, grad, from * values, k * values);
		}
	}
}
