package cnnsandbox.training;

import cnnsandbox.engine.Shape;

import cnnsandbox.engine.Engine;
import cnnsandbox.engine.Layout;
import cnnsandbox.engine.Ops;
import cnnsandbox.engine.Module;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerKind;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.LayerSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import cnnsandbox.backend.Threads;


/**
 * A trained classifier: its layers ({@link LayerList}), weights, class names, how it was trained, and what it needs
 * as input (images of {@link #inputChannels()} channels of {@link #inputRows()} x {@link #inputCols()}, pixels / 255 in
 * [0, 1], shaped [n, channels, rows, cols]; one channel for grey images). Inference never applies dropout. Thread-safe (methods are synchronized).
 */
public final class Classifier {

	/** The normalisation the network expects, in words. */
	public static final String NORMALISATION = "pixel / 255, in [0, 1] (8-bit grey value / 255, as torchvision ToTensor)";
	/** Library versions, as built. */
	public static final String LIBRARY_VERSIONS = "DL4J/ND4J 1.0.0-M2.1 (ND4J ops, oneDNN)";

	private final Architecture architecture;
	private final LayerList net;
	private final List<String> classNames;
	private final TrainingSettings settings;
	private final List<EpochRecord> epochLog;
	private final double finalAccuracy;
	private final String trainedOn;
	private final String libraryVersions;
	private final String created;
	/** Parameters by name, never modified. */
	private final Map<String, INDArray> params;
	/** Where training stopped, for a run that continues it; null if not known (imported, or keep=best). */
	private final OptimizerState optimizerState;

	/** How a [0, 1] pixel becomes this model's input (imported models); set once, where the model is made or read. */
	private cnnsandbox.classify.InputPreparation inputPreparation = cnnsandbox.classify.InputPreparation.IDENTITY;

	/** Forward and backward passes on this classifier's (never modified) parameters. */
	private Engine engine;
	/** The same without fused layers: every layer's output (Show Activations). */
	private Engine layerByLayer;

	public Classifier(Architecture architecture, LayerList net, List<String> classNames, TrainingSettings settings,
		List<EpochRecord> epochLog, double finalAccuracy, String trainedOn, String libraryVersions, String created,
		Map<String, INDArray> params) {
		this(architecture, net, classNames, settings, epochLog, finalAccuracy, trainedOn, libraryVersions, created, params, null);
	}

	public Classifier(Architecture architecture, LayerList net, List<String> classNames, TrainingSettings settings,
		List<EpochRecord> epochLog, double finalAccuracy, String trainedOn, String libraryVersions, String created,
		Map<String, INDArray> params, OptimizerState optimizerState) {
		this.optimizerState = optimizerState;
		this.architecture = architecture;
		this.net = net;
		if (classNames.size() != net.classes())
			throw new IllegalArgumentException(classNames.size() + " class names for a network of " + net.classes() + " classes");
		this.classNames = List.copyOf(classNames);
		this.settings = settings.copy();
		this.epochLog = List.copyOf(epochLog);
		this.finalAccuracy = finalAccuracy;
		this.trainedOn = trainedOn;
		this.libraryVersions = libraryVersions;
		this.created = created;
		Map<String, long[]> shapes = net.paramShapes();
		if (!shapes.keySet().equals(params.keySet()))
			throw new IllegalArgumentException("parameters " + params.keySet() + " do not match the layers [" + net.text()
				+ "] (expected " + shapes.keySet() + ")");
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

	/** The input preparation the commands apply before this model sees an image (identity for the sandbox's own). */
	public cnnsandbox.classify.InputPreparation inputPreparation() {
		return inputPreparation;
	}

	/** Sets the input preparation, once, right after construction (import, model file); returns this model. */
	public Classifier withInputPreparation(cnnsandbox.classify.InputPreparation p) {
		this.inputPreparation = java.util.Objects.requireNonNull(p);
		return this;
	}

	public Architecture architecture() {
		return architecture;
	}

	/** The layers, their shapes and parameter names: the network's description. */
	public LayerList layers() {
		return net;
	}

	/** Units of the first dense layer (MLP: hidden; CNN: 128). */
	public int hidden() {
		for (LayerSpec l : net.specs())
			if (l.kind == LayerKind.DENSE)
				return l.units;
		return 0;
	}

	public List<String> classNames() {
		return classNames;
	}

	public int inputRows() {
		return net.inputRows();
	}

	/** Input channels: 1 (grey), 3 (colour, R G B) or a hyperstack's C. */
	public int inputChannels() {
		return net.inputChannels();
	}

	/** Values of one input image: channels x rows x cols. */
	public int inputSize() {
		return net.inputChannels() * net.inputRows() * net.inputCols();
	}

	/** "3 x 28 x 28" for a multi-channel input, "28 x 28" for a grey one: the input as messages name it. */
	public String inputText() {
		return (inputChannels() > 1 ? inputChannels() + " x " : "") + inputRows() + " x " + inputCols();
	}

	public int inputCols() {
		return net.inputCols();
	}

	public String normalisation() {
		return inputPreparation.isIdentity() ? NORMALISATION : NORMALISATION + ", then " + inputPreparation;
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

	/** The optimiser state to continue training from (initial_model), or null. */
	public OptimizerState optimizerState() {
		return optimizerState;
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

	/** Layers whose units can be visualised, input side first: conv1, conv2..., fc1, fc2... */
	public List<String> layerNames() {
		return net.unitLayers();
	}

	/** Units of a dense layer or channels of a conv layer. */
	public int units(String layer) {
		return net.units(layer);
	}

	/** Parameters by name (read-only views: do not modify). */
	public Map<String, INDArray> params() {
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
	 * Class probabilities [n, classes] of a batch of images [n, channels, rows, cols] (also accepted: [n, rows, cols],
	 * [n, channels*rows*cols]), pixels in [0, 1]. Inference mode (no dropout), computed by batches of
	 * {@link Engine#inferenceBatch}.
	 */
	public INDArray probabilities(INDArray batch) {
		int classes = net.classes();
		float[][] out = { null };
		logits(batch, n -> out[0] = new float[n * classes], (z, n, from) -> softmaxRows(z, n, classes, out[0], from));
		return Nd4j.create(out[0], new long[] { out[0].length / classes, classes }, 'c');
	}

	/** Receives the logits of images {@code from..from+n}, row by row in {@code z}. */
	private interface LogitsSink {
		void accept(float[] z, int n, int from);
	}

	/**
	 * Passes a batch (as {@link #probabilities} takes it) through the network by chunks of {@link #inferenceBatch}
	 * images, handing each chunk's logits to {@code sink}; {@code start} learns the image count first.
	 */
	private synchronized void logits(INDArray batch, java.util.function.IntConsumer start, LogitsSink sink) {
		INDArray x = asInput(batch);
		int n = (int) x.size(0);
		start.accept(n);
		Engine e = engine();
		int chunk = Engine.inferenceBatch(net);
		Trainer.useThreads(net, inferenceBatch(net, n));
		boolean inPlace = e.readsRowsInPlace();
		float[] pixels = inPlace ? null : x.data().asFloat();
		for (int from = 0; from < n; from += chunk) {
			int to = Math.min(n, from + chunk);
			Engine.Batch b = e.inferenceBatch(to - from);
			if (inPlace)
				e.forwardRows(b, x, from);
			else {
				b.load(pixels, null, from);
				e.forward(b, null);
			}
			sink.accept(b.zf, to - from, from);
		}
	}

	/** How many of {@code images} images {@link #probabilities} passes through {@code net} at a time. */
	public static int inferenceBatch(LayerList net, int images) {
		return Math.min(images, Engine.inferenceBatch(net));
	}

	/**
	 * Softmax of n rows of logits into out, from row {@code at}: max-shifted (as Network.logSoftmax), one exp per
	 * value, rows split over the batch threads. Measured on the MLP's 10,000 test images: exp(log-softmax), two exps
	 * per value on one thread, took 2 ms of a 10 ms inference.
	 */
	private static void softmaxRows(float[] z, int n, int classes, float[] out, int at) {
		Threads.parallelFor(n, 2_000, (from, to) -> {
			for (int i = from; i < to; i++) {
				int o = i * classes, q = (at + i) * classes;
				float max = z[o];
				for (int c = 1; c < classes; c++)
					max = Math.max(max, z[o + c]);
				float sum = 0;
				for (int c = 0; c < classes; c++)
					sum += out[q + c] = (float) Math.exp(z[o + c] - max);
				for (int c = 0; c < classes; c++)
					out[q + c] /= sum;
			}
			return 0;
		});
	}

	/**
	 * The most probable class of each image: the largest logit (softmax keeps the order), the first on a tie.
	 * Measured on the MLP's 10,000 test images: the probabilities' exps and copies were ~1 ms of ~9.5.
	 */
	public int[] predict(INDArray batch) {
		int classes = net.classes();
		int[][] result = { null };
		logits(batch, n -> result[0] = new int[n], (z, n, from) -> {
			for (int i = 0; i < n; i++)
				result[0][from + i] = Engine.argmax(z, i * classes, classes);
		});
		return result[0];
	}

	/**
	 * Activation maximisation support: the objective at {@code image} [1, 1, rows, cols] and its gradient with
	 * respect to the image, written into {@code gradOut} (same shape). Dropout is off and the weights are constants:
	 * only the image varies. Computed by {@link Engine}: a forward pass and a backward pass from the objective's layer
	 * only, on buffers allocated on the first call and reused.
	 *
	 * @return the objective: log p(class) for a class objective, the unit's pre-activation output (or the mean of the
	 *         conv channel's) for a unit objective
	 */
	public synchronized double objectiveAndGradient(INDArray image, Objective obj, INDArray gradOut) {
		int pixels = inputSize();
		if (image.length() != pixels || gradOut.length() != image.length())
			throw new IllegalArgumentException("image and gradient must hold " + inputText() + " values, got "
				+ image.length() + " and " + gradOut.length());
		int max = obj.isClass() ? net.classes() : units(obj.layer);
		if (obj.index < 0 || obj.index >= max)
			throw new IllegalArgumentException(
				(obj.isClass() ? "class " : "unit ") + obj.index + " is outside 0-" + (max - 1) + (obj.isClass() ? "" : " of " + obj.layer));
		Threads.useFor(Threads.Workload.ONE_IMAGE);
		Engine e = engine();
		Engine.Batch b = e.batch(1);
		INDArray img = image.dataType() == DataType.FLOAT ? image : image.castTo(DataType.FLOAT);
		b.load(img.reshape('c', 1, pixels).toFloatVector(), null, 0);
		int classes = net.classes();
		double value;
		int start;
		if (obj.isClass()) {
			start = e.modules.size() - 1;
			e.forward(b, null);
			float[] lp = new float[classes], seed = new float[classes];
			Engine.logSoftmax(b.zf, 0, classes, lp);
			Engine.logSoftmaxSeed(lp, obj.index, seed, 0);
			Ops.put(b.d[start], seed);
			value = lp[obj.index];
		} else {
			start = e.moduleOf(net.indexOf(obj.layer)); // conv and dense layers are never fused away
			e.forward(b, null, start); // only up to the objective's layer
			Module.Unit u = (Module.Unit) e.modules.get(start);
			value = u.unitValue(b.out[start], obj.index);
			u.seedUnit(b.d[start], obj.index);
		}
		float[] g = new float[pixels];
		e.backward(b, null, start, false, g);
		gradOut.assign(Nd4j.create(g, gradOut.shape(), 'c'));
		return value;
	}

	/**
	 * The output of every layer for one image of rows x cols pixels in [0, 1] (inference: no dropout), each as
	 * channels x rows x cols values (a dense layer's as units x 1 x 1).
	 */
	public synchronized List<LayerOutput> layerOutputs(float[] image) {
		int pixels = inputSize();
		if (image.length != pixels)
			throw new IllegalArgumentException("the image must hold " + inputText() + " values, got " + image.length);
		Threads.useFor(Threads.Workload.ONE_IMAGE);
		if (layerByLayer == null)
			layerByLayer = new Engine(net, params, false);
		Engine e = layerByLayer;
		Engine.Batch b = e.inferenceBatch(1);
		b.load(image, null, 0);
		List<LayerOutput> outputs = new ArrayList<>();
		int done = -1;
		for (int i = 0; i < net.size(); i++) {
			int m = e.moduleOf(i);
			while (done < m) // module by module: activations run in place, so copy each output before the next
				e.forwardModule(b, null, ++done);
			Shape s = net.outputShape(i);
			INDArray a = b.out[m];
			INDArray chw = e.modules.get(m).layout == Layout.NHWC
				? a.reshape('c', 1, s.rows, s.cols, s.channels).permute(0, 3, 1, 2).dup('c') : a.dup('c');
			outputs.add(new LayerOutput(i, net.name(i), net.spec(i), s.channels, s.rows, s.cols, chw.data().asFloat()));
		}
		return outputs;
	}

	private Engine engine() {
		if (engine == null)
			engine = new Engine(net, params);
		return engine;
	}

	/**
	 * The images as a dense c-order float [n, pixels] array starting at offset 0: the caller's array itself when it
	 * already is one (no copy: a first dense layer reads its rows in place), else a copy.
	 */
	private INDArray asInput(INDArray batch) {
		long pixels = inputSize();
		long n = batch.rank() == 4 || batch.rank() == 3 || batch.rank() == 2 ? batch.size(0) : -1;
		if (n < 0 || batch.length() != n * pixels)
			throw new IllegalArgumentException("expected images shaped [n, " + inputChannels() + ", " + inputRows() + ", " + inputCols() + "], got "
				+ java.util.Arrays.toString(batch.shape()));
		INDArray x = batch.dataType() == DataType.FLOAT ? batch : batch.castTo(DataType.FLOAT);
		return (isDenseC(x) ? x : x.dup('c')).reshape('c', n, pixels);
	}

	/**
	 * Whether {@code a} is its whole buffer in c order. ND4J's Shape.hasDefaultStridesForShape says no for the
	 * [n, 1, 28, 28] test stack (its size-1 axis has a non-default stride), and the copy that followed cost 20-70 ms
	 * per 10,000 images, three times the MLP's forward pass (measured).
	 */
	static boolean isDenseC(INDArray a) {
		return Ops.isContiguousC(a) && a.offset() == 0 && a.data().length() == a.length();
	}
}
