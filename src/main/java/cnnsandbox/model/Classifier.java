package cnnsandbox.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import cnnsandbox.backend.Threads;


/**
 * A trained Fashion-MNIST classifier: its weights, how it was trained, and what it needs as input (28 x 28 grey
 * images, pixels / 255 in [0, 1], shaped [n, 1, 28, 28]). Inference never applies dropout. Thread-safe (methods
 * are synchronized).
 */
public final class Classifier {

	/** The normalisation the network expects, in words. */
	public static final String NORMALISATION = "pixel / 255, in [0, 1] (8-bit grey value / 255, as torchvision ToTensor)";
	/** Library versions, as built. */
	public static final String LIBRARY_VERSIONS = "DL4J/ND4J 1.0.0-M2.1 (ND4J ops, oneDNN)";

	private final Architecture architecture;
	private final int hidden;
	private final List<String> classNames;
	private final TrainingSettings settings;
	private final List<EpochRecord> epochLog;
	private final double finalAccuracy;
	private final String trainedOn;
	private final String libraryVersions;
	private final String created;
	/** Parameters by name, never modified. */
	private final Map<String, INDArray> params;

	/** Forward and backward passes on this classifier's (never modified) parameters. */
	private Engine engine;

	Classifier(Architecture architecture, int hidden, List<String> classNames, TrainingSettings settings,
		List<EpochRecord> epochLog, double finalAccuracy, String trainedOn, String libraryVersions, String created,
		Map<String, INDArray> params) {
		this.architecture = architecture;
		this.hidden = architecture == Architecture.MLP ? hidden : Network.CNN_HIDDEN;
		this.classNames = List.copyOf(classNames);
		this.settings = settings.copy();
		this.epochLog = List.copyOf(epochLog);
		this.finalAccuracy = finalAccuracy;
		this.trainedOn = trainedOn;
		this.libraryVersions = libraryVersions;
		this.created = created;
		Map<String, long[]> shapes = Network.paramShapes(architecture, this.hidden);
		if (!shapes.keySet().equals(params.keySet()))
			throw new IllegalArgumentException("parameters " + params.keySet() + " do not match " + architecture
				+ " (expected " + shapes.keySet() + ")");
		Map<String, INDArray> copy = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> e : shapes.entrySet()) {
			INDArray a = params.get(e.getKey());
			if (!java.util.Arrays.equals(a.shape(), e.getValue()))
				throw new IllegalArgumentException("parameter " + e.getKey() + " has shape "
					+ java.util.Arrays.toString(a.shape()) + ", expected " + java.util.Arrays.toString(e.getValue()));
			copy.put(e.getKey(), a.castTo(DataType.FLOAT).dup('c'));
		}
		this.params = Collections.unmodifiableMap(copy);
	}

	public Architecture architecture() {
		return architecture;
	}

	/** Hidden units of the first dense layer (MLP: as set; CNN: 128). */
	public int hidden() {
		return hidden;
	}

	public List<String> classNames() {
		return classNames;
	}

	public int inputRows() {
		return Network.ROWS;
	}

	public int inputCols() {
		return Network.COLS;
	}

	public String normalisation() {
		return NORMALISATION;
	}

	/** A copy of the settings it was trained with. */
	public TrainingSettings settings() {
		return settings.copy();
	}

	public List<EpochRecord> epochLog() {
		return epochLog;
	}

	/** Test accuracy (fraction) after the last epoch. */
	public double finalAccuracy() {
		return finalAccuracy;
	}

	/** Backend and device it was trained on, from {@code Backend.describe()}. */
	public String trainedOn() {
		return trainedOn;
	}

	public String libraryVersions() {
		return libraryVersions;
	}

	/** ISO-8601 time of creation. */
	public String created() {
		return created;
	}

	/** Layers whose units can be visualised: fc1, fc2 (MLP); conv1, conv2, fc1, fc2 (CNN). */
	public List<String> layerNames() {
		return architecture.layerNames();
	}

	/** Units of a dense layer or channels of a conv layer. */
	public int units(String layer) {
		switch (layer) {
		case "conv1":
			if (architecture == Architecture.CNN)
				return Network.CONV1;
			break;
		case "conv2":
			if (architecture == Architecture.CNN)
				return Network.CONV2;
			break;
		case "fc1":
			return hidden;
		case "fc2":
			return Network.CLASSES;
		default:
		}
		throw new IllegalArgumentException("layer '" + layer + "' is not in the " + architecture + "; layers: " + layerNames());
	}

	/** Parameters by name (read-only views: do not modify). */
	Map<String, INDArray> params() {
		return params;
	}

	/** A copy of parameter {@code name} (e.g. fc1_W). */
	public INDArray parameter(String name) {
		INDArray a = params.get(name);
		if (a == null)
			throw new IllegalArgumentException("no parameter " + name + "; parameters: " + params.keySet());
		return a.dup();
	}

	public List<String> parameterNames() {
		return new ArrayList<>(params.keySet());
	}

	/**
	 * Class probabilities [n, 10] of a batch of images [n, 1, 28, 28] (also accepted: [n, 28, 28], [n, 784]), pixels
	 * in [0, 1]. Inference mode (no dropout), computed by batches of {@link Engine#inferenceBatch}.
	 */
	public synchronized INDArray probabilities(INDArray batch) {
		INDArray x = asInput(batch);
		int n = (int) x.size(0);
		float[] out = new float[n * Network.CLASSES];
		Engine e = engine();
		int chunk = Engine.inferenceBatch(architecture);
		Threads.useFor(n == 1 ? Threads.Workload.ONE_IMAGE : Threads.Workload.BATCH);
		float[] pixels = architecture == Architecture.CNN ? x.data().asFloat() : null; // im2col source (CNN only)
		for (int from = 0; from < n; from += chunk) {
			int to = Math.min(n, from + chunk);
			Engine.Batch b = e.inferenceBatch(to - from);
			if (architecture == Architecture.MLP)
				e.forwardRows(b, x, from);
			else {
				b.load(pixels, null, from);
				e.forward(b, null);
			}
			softmaxRows(b.zf, to - from, out, from);
		}
		return Nd4j.create(out, new long[] { n, Network.CLASSES }, 'c');
	}

	/** Softmax of n rows of logits into out, from row {@code at}, as exp(log-softmax) (Network.logSoftmax). */
	private static void softmaxRows(float[] z, int n, float[] out, int at) {
		float[] lp = new float[Network.CLASSES];
		for (int i = 0; i < n; i++) {
			Engine.logSoftmax(z, i, lp);
			for (int c = 0; c < Network.CLASSES; c++)
				out[(at + i) * Network.CLASSES + c] = (float) Math.exp(lp[c]);
		}
	}

	/** The most probable class of each image. */
	public int[] predict(INDArray batch) {
		float[] p = probabilities(batch).data().asFloat();
		int[] result = new int[p.length / Network.CLASSES];
		for (int i = 0; i < result.length; i++) {
			int o = i * Network.CLASSES, best = 0;
			for (int c = 1; c < Network.CLASSES; c++)
				if (p[o + c] > p[o + best])
					best = c;
			result[i] = best;
		}
		return result;
	}

	/**
	 * Activation maximisation support: the objective at {@code image} [1, 1, 28, 28] and its gradient with respect to
	 * the image, written into {@code gradOut} (same shape). Dropout is off and the weights are constants: only the
	 * image varies. Computed by {@link Engine}: a forward pass and a backward pass from the objective's layer only, on buffers allocated on the first call and reused.
	 *
	 * @return the objective: log p(class) for a class objective, the unit's pre-activation output (or the mean of the
	 *         conv channel's) for a unit objective
	 */
	public synchronized double objectiveAndGradient(INDArray image, Objective obj, INDArray gradOut) {
		if (image.length() != Network.ROWS * Network.COLS || gradOut.length() != image.length())
			throw new IllegalArgumentException("image and gradient must hold 28 x 28 values, got " + image.length() + " and "
				+ gradOut.length());
		int max = obj.isClass() ? Network.CLASSES : units(obj.layer);
		if (obj.index < 0 || obj.index >= max)
			throw new IllegalArgumentException(
				(obj.isClass() ? "class " : "unit ") + obj.index + " is outside 0-" + (max - 1) + (obj.isClass() ? "" : " of " + obj.layer));
		Threads.useFor(Threads.Workload.ONE_IMAGE);
		return ascentStep(image, obj, gradOut);
	}

	private double ascentStep(INDArray image, Objective obj, INDArray gradOut) {
		Engine e = engine();
		Engine.Batch b = e.batch(1);
		INDArray img = image.dataType() == DataType.FLOAT ? image : image.castTo(DataType.FLOAT);
		float[] px = img.reshape('c', 1, Network.ROWS * Network.COLS).toFloatVector();
		b.load(px, null, 0);
		String layer = obj.isClass() ? "logp" : obj.layer;
		Engine.Start start = layer.equals("conv1") ? Engine.Start.CONV1
			: layer.equals("conv2") ? Engine.Start.CONV2 : layer.equals("fc1") ? Engine.Start.FC1 : Engine.Start.FC2;
		e.forward(b, null, start); // only up to the objective's layer
		double value;
		switch (layer) {
		case "logp": {
			float[] lp = new float[Network.CLASSES], seed = new float[Network.CLASSES];
			Engine.logSoftmax(b.zf, 0, lp);
			for (int c = 0; c < Network.CLASSES; c++)
				seed[c] = (c == obj.index ? 1f : 0f) - (float) Math.exp(lp[c]);
			Engine.put(b.dz, seed);
			value = lp[obj.index];
			break;
		}
		case "fc2":
			value = b.zf[obj.index];
			b.dz.assign(0).putScalar(0, obj.index, 1.0);
			break;
		case "fc1":
			value = b.a1.getDouble(0, obj.index);
			b.da1.assign(0).putScalar(0, obj.index, 1.0);
			break;
		case "conv2": {
			INDArray ch = b.c2.get(NDArrayIndex.point(0), NDArrayIndex.point(obj.index));
			value = ch.meanNumber().doubleValue();
			b.dc2.assign(0);
			b.dc2.get(NDArrayIndex.point(0), NDArrayIndex.point(obj.index)).assign(1.0 / ch.length());
			break;
		}
		case "conv1": { // c1 is [784, 32], channels last
			INDArray ch = b.c1.getColumn(obj.index);
			value = ch.meanNumber().doubleValue();
			b.dc1.assign(0);
			b.dc1.getColumn(obj.index).assign(1.0 / ch.length());
			break;
		}
		default:
			throw new IllegalArgumentException("layer '" + layer + "' is not in the " + architecture);
		}
		float[] g = new float[Network.ROWS * Network.COLS];
		e.backward(b, null, start, false, g);
		gradOut.assign(Nd4j.create(g, gradOut.shape(), 'c'));
		return value;
	}

	private Engine engine() {
		if (engine == null)
			engine = new Engine(architecture, hidden, params);
		return engine;
	}

	/**
	 * The images as a dense c-order float [n, 784] array starting at offset 0: the caller's array itself when it
	 * already is one (no copy: the MLP reads its rows in place), else a copy.
	 */
	static INDArray asInput(INDArray batch) {
		long n = batch.rank() == 4 || batch.rank() == 3 || batch.rank() == 2 ? batch.size(0) : -1;
		if (n < 0 || batch.length() != n * Network.ROWS * Network.COLS)
			throw new IllegalArgumentException("expected images shaped [n, 1, 28, 28], got " + java.util.Arrays.toString(batch.shape()));
		INDArray x = batch.dataType() == DataType.FLOAT ? batch : batch.castTo(DataType.FLOAT);
		boolean dense = x.ordering() == 'c' && x.offset() == 0 && x.data().length() == x.length()
			&& org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(x);
		return (dense ? x : x.dup('c')).reshape('c', n, Network.ROWS * Network.COLS);
	}
}
