package cnnsandbox.modelfile;

import cnnsandbox.engine.Engine;
import cnnsandbox.engine.Shape;

import cnnsandbox.classify.InputPreparation;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerKind;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.LayerSpec;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Augmentation;
import cnnsandbox.training.ClassWeights;
import cnnsandbox.training.EpochRecord;
import cnnsandbox.training.LearningRateSchedule;
import cnnsandbox.training.Optimizer;
import cnnsandbox.training.TrainingSettings;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import cnnsandbox.data.ClassNames;
import cnnsandbox.data.DataSource;
import cnnsandbox.files.MemoryBudget;
import cnnsandbox.files.RegularFiles;
import cnnsandbox.files.TempFiles;
import cnnsandbox.files.ZipEntries;
import cnnsandbox.options.Options;

/**
 * The CNN Sandbox model file: a zip holding {@code model.json} (format, layer list, input size, class names,
 * settings, training log, provenance; readable) and one ND4J binary array per parameter under {@code params/}. The
 * network is rebuilt from its layer list on load, so the file does not depend on SameDiff's serialisation.
 * <p>
 * Version 2 stores the layer list ({@code layerList}, the text {@link LayerSpec#parseList} reads; {@code layers}
 * describes each layer for readers); version 1 (the two workshop networks on 28 x 28 images in 10 classes, before
 * layer lists) still loads, as the preset of its {@code architecture} and {@code hidden}.
 */
public final class ModelFile {

	public static final String FORMAT = "cnn-sandbox-model";
	public static final int FORMAT_VERSION = 2;
	/** The first format: architecture MLP or CNN, 28 x 28, 10 classes. */
	static final int FORMAT_VERSION_1 = 1;
	/** The largest input side a model file may declare (input_size's limit). */
	static final int MAX_INPUT = 1024;
	/** Suggested file extension. */
	public static final String EXTENSION = ".cnnsandbox.zip";
	private static final String META = "model.json";
	private static final String PARAMS = "params/";
	/** model.json of a model trained for 10,000 epochs is ~3 MB. */
	private static final long META_LIMIT = 16L << 20;
	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private ModelFile() {}

	/** Writes {@code model} to {@code file}, through a temporary file in the same folder renamed at the end. */
	public static void save(Classifier model, Path file) throws IOException {
		checkSaveTarget(file);
		Path dir = file.toAbsolutePath().getParent();
		if (dir != null)
			Files.createDirectories(dir);
		TempFiles.write(file, out -> write(model, out));
	}

	/**
	 * Writes {@code model} as a model file to {@code out} (left open). Each parameter is streamed into its entry:
	 * an array of 78 M floats (hidden=100000) once took three copies of itself in memory here, and the heap.
	 */
	public static void write(Classifier model, OutputStream out) throws IOException {
		ZipOutputStream zip = new ZipOutputStream(new FilterOutputStream(out) {
			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				this.out.write(b, off, len);
			}

			@Override
			public void close() throws IOException {
				flush(); // the caller's stream stays open
			}
		});
		zip.putNextEntry(new ZipEntry(META));
		zip.write(JSON.writeValueAsBytes(metadata(model)));
		zip.closeEntry();
		Map<String, INDArray> arrays = new LinkedHashMap<>(model.params());
		arrays.putAll(UpdaterState.entries(model.optimizerState()));
		for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
			zip.putNextEntry(new ZipEntry(e.getKey().startsWith(UpdaterState.DIR) ? e.getKey() : PARAMS + e.getKey()));
			BufferedOutputStream entry = new BufferedOutputStream(new FilterOutputStream(zip) {
				@Override
				public void write(byte[] b, int off, int len) throws IOException {
					this.out.write(b, off, len);
				}

				@Override
				public void close() throws IOException {
					flush();
				}
			}, 1 << 16);
			Nd4j.write(entry, e.getValue());
			entry.flush();
			zip.closeEntry();
		}
		zip.finish();
		zip.flush();
	}

	/**
	 * A model may replace only an earlier model of this plugin (a zip whose {@code model.json} says so), never a
	 * folder, a FIFO, a device, a document or another zip: "starts with PK" let a typo replace docs.zip or a .docx.
	 */
	public static void checkSaveTarget(Path file) throws IOException {
		RegularFiles.requireReplaceable(file, "model_file");
		if (!Files.isRegularFile(file) || Files.size(file) == 0)
			return;
		try (ZipFile zip = new ZipFile(file.toFile())) {
			manifest(zip, file);
		}
		catch (IOException e) {
			throw new IOException("model_file " + file + " exists and is not a model file of CNN Sandbox: not replacing it "
				+ "(choose another name, or delete it)", e);
		}
	}

	/** The parsed {@code model.json} of a CNN Sandbox model file, read bounded; refuses any other zip. */
	private static JsonNode manifest(ZipFile zip, Path file) throws IOException {
		ZipEntries.requireUniqueNames(zip, file);
		ZipEntry metaEntry = zip.getEntry(META);
		if (metaEntry == null)
			throw new IOException(file + " is not a CNN Sandbox model file (no " + META + " inside)");
		ZipEntries.verify(zip, metaEntry, META_LIMIT);
		JsonNode meta;
		try (InputStream in = ZipEntries.open(zip, metaEntry, META_LIMIT)) {
			byte[] bytes = in.readAllBytes();
			meta = JSON.readTree(bytes);
		} catch (org.nd4j.shade.jackson.core.JsonProcessingException e) {
			throw new IOException(file + " is not a CNN Sandbox model file (" + META + " is not valid JSON)", e);
		}
		if (meta == null || !FORMAT.equals(meta.path("format").asText()))
			throw new IOException(file + " is not a CNN Sandbox model file (format is not " + FORMAT + ")");
		return meta;
	}

	/**
	 * Reads a model written by {@link #save}.
	 *
	 * @throws IOException naming the file: not found, not a CNN Sandbox model file, truncated or damaged, or of an
	 *             unknown format version
	 */
	public static Classifier load(Path file) throws IOException {
		RegularFiles.requireReadable(file, "model_file");
		byte[] head = new byte[4];
		try (InputStream in = Files.newInputStream(file)) {
			int n = in.readNBytes(head, 0, 4);
			if (n < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4)
				throw new IOException(file + " is not a CNN Sandbox model file (not a zip archive)");
		}
		try (ZipFile zip = new ZipFile(file.toFile())) {
			JsonNode meta = manifest(zip, file);
			int version = meta.path("formatVersion").asInt(-1);
			if (version != FORMAT_VERSION && version != FORMAT_VERSION_1)
				throw new IOException(file + " has model format version " + meta.path("formatVersion").asText()
					+ ", which this CNN Sandbox does not know (it reads versions " + FORMAT_VERSION_1 + " to " + FORMAT_VERSION + ")");
			Architecture arch = Options.choice("architecture", meta.path("architecture").asText(), Architecture.class);
			List<String> classNames = classNames(meta.path("classNames"));
			LayerList net;
			if (version == FORMAT_VERSION_1) {
				int hidden = meta.path("hidden").asInt();
				if (arch == Architecture.MLP && (hidden < 1 || hidden > TrainingSettings.MAX_HIDDEN))
					throw new IOException(file + " is damaged: hidden is " + meta.path("hidden").asText() + ", expected 1 to "
						+ TrainingSettings.MAX_HIDDEN);
				if (classNames.size() != 10)
					throw new IOException(file + " is damaged: it has " + classNames.size()
						+ " class names, expected 10 (one per output of the network)");
				net = LayerList.of(LayerList.preset(arch, hidden, 10), 28, 28, 10);
			} else {
				int rows = meta.path("input").path("rows").asInt(), cols = meta.path("input").path("cols").asInt();
				// files written before colour input say 1, or nothing (the same: grey)
				int channels = meta.path("input").path("channels").asInt(1);
				if (rows < 1 || rows > MAX_INPUT || cols < 1 || cols > MAX_INPUT)
					throw new IOException(file + " is damaged: its input is " + rows + " x " + cols + ", expected 1 to " + MAX_INPUT
						+ " pixels a side");
				if (channels < 1 || channels > LayerList.MAX_CHANNELS)
					throw new IOException(file + " is damaged: its input has " + meta.path("input").path("channels").asText()
						+ " channels, expected 1 to " + LayerList.MAX_CHANNELS);
				List<LayerSpec> specs = LayerSpec.parseList(meta.path("layerList").asText());
				LayerSpec last = specs.get(specs.size() - 1);
				if (last.kind == LayerKind.DENSE && last.units != classNames.size())
					throw new IOException(file + " is damaged: it has " + classNames.size() + " class names, but its last layer has "
						+ last.units + " outputs (one class name per output)");
				net = LayerList.of(specs, channels, rows, cols, classNames.size());
			}
			// a 100 KB zip can hold a model.json of 170000 relu layers: estimated before any pass allocates them
			long need = net.activationBytes(Engine.inferenceBatch(net), false);
			if (need > Runtime.getRuntime().maxMemory())
				throw new IOException(file + ": its " + net.size() + " layers need about " + MemoryBudget.human(need) + " of memory for "
					+ "one batch, more than the " + MemoryBudget.human(Runtime.getRuntime().maxMemory()) + " this Java may use (-Xmx): "
					+ "damaged, or made for a larger machine");
			Map<String, INDArray> params = new LinkedHashMap<>();
			// Each parameter is checked against the shape the layer list expects, before anything is allocated.
			for (Map.Entry<String, long[]> e : net.paramShapes().entrySet()) {
				ZipEntry pe = zip.getEntry(PARAMS + e.getKey());
				if (pe == null)
					throw new IOException(file + " is damaged: parameter " + e.getKey() + " is missing");
				ZipEntries.verify(zip, pe, storedSize(e.getValue()));
				try (InputStream in = ZipEntries.open(zip, pe, storedSize(e.getValue()))) {
					params.put(e.getKey(), StoredArray.read(in, e.getKey(), e.getValue()));
					ZipEntries.readToEnd(in);
				}
			}
			List<EpochRecord> log = new ArrayList<>();
			for (JsonNode r : meta.path("epochs"))
				log.add(new EpochRecord(r.path("epoch").asInt(), r.path("seconds").asDouble(), number(r.path("trainLoss")),
					number(r.path("testLoss")), r.path("correct").asInt(), r.path("total").asInt(), number(r.path("trainAccuracy")),
					number(r.path("validationLoss")), number(r.path("validationAccuracy")), number(r.path("balancedAccuracy")),
					number(r.path("learningRate"))));
			TrainingSettings s = settings(meta.path("settings"));
			return new Classifier(arch, net, classNames, s, log, number(meta.path("finalAccuracy")),
				meta.path("trainedOn").asText(), meta.path("libraryVersions").asText(), meta.path("created").asText(), params,
				UpdaterState.read(zip, meta.path(UpdaterState.KEY), net.parameterCount()))
					.withInputPreparation(inputPreparation(meta.path("input"), file));
		} catch (ZipException e) {
			throw new IOException(file + " is truncated or damaged (" + e.getMessage() + ")", e);
		} catch (java.io.EOFException e) {
			throw new IOException(file + " is truncated (" + e.getMessage() + ")", e);
		} catch (IllegalArgumentException e) {
			throw new IOException(file + " is damaged: " + e.getMessage(), e);
		} catch (IOException e) {
			if (e instanceof java.nio.file.NoSuchFileException || e.getMessage() != null && e.getMessage().contains(file.toString())) throw e;
			throw new IOException(file + " is damaged: " + e.getMessage(), e);
		}
	}

	/** The most bytes an entry holding an array of {@code shape} can take: values, shape information, headers. */
	static long storedSize(long[] shape) {
		return MemoryBudget.times(MemoryBudget.times(shape), 4) + 8L * (2 * shape.length + 4) + 256;
	}

	/** Class names as read from a model file, checked by {@link ClassNames#problem}. */
	private static List<String> classNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.forEach(n -> names.add(n.asText()));
		String problem = ClassNames.problem(names);
		if (problem != null)
			throw new IllegalArgumentException(problem);
		return names;
	}


	/** The input's scale, mean and std (an imported model's preparation); identity when absent. */
	private static InputPreparation inputPreparation(JsonNode input, Path file) throws IOException {
		if (!input.has("scale") && !input.has("mean") && !input.has("std")) return InputPreparation.IDENTITY;
		try {
			return InputPreparation.of(input.path("scale").asDouble(Double.NaN), input.path("mean").asDouble(Double.NaN),
				input.path("std").asDouble(Double.NaN));
		}
		catch (IllegalArgumentException e) {
			throw new IOException(file + " is damaged: its input " + e.getMessage());
		}
	}

	static ObjectNode metadata(Classifier m) {
		ObjectNode o = JSON.createObjectNode();
		o.put("format", FORMAT);
		o.put("formatVersion", FORMAT_VERSION);
		o.put("architecture", m.architecture().name());
		o.put("hidden", m.hidden());
		ArrayNode names = o.putArray("classNames");
		m.classNames().forEach(names::add);
		ObjectNode input = o.putObject("input");
		input.put("rows", m.inputRows());
		input.put("cols", m.inputCols());
		input.put("channels", m.inputChannels());
		input.put("normalisation", m.normalisation());
		InputPreparation prep = m.inputPreparation();
		if (!prep.isIdentity()) // written only when set: files of the sandbox's own models are unchanged
			input.put("scale", prep.scale).put("mean", prep.mean).put("std", prep.std);
		LayerList net = m.layers();
		o.put("layerList", net.text());
		ArrayNode layers = o.putArray("layers");
		for (int i = 0; i < net.size(); i++) {
			LayerSpec l = net.spec(i);
			ObjectNode lo = layers.addObject().put("name", net.name(i)).put("type", l.kind.word).put("spec", l.toString());
			for (Map.Entry<String, Number> n : l.kind.numbers(l).entrySet())
				if (n.getValue() instanceof Integer)
					lo.put(n.getKey(), n.getValue().intValue());
				else
					lo.put(n.getKey(), n.getValue().doubleValue());
			Shape out = net.outputShape(i);
			ArrayNode shape = lo.putArray("output");
			if (out.flat)
				shape.add(out.channels);
			else
				shape.add(out.channels).add(out.rows).add(out.cols);
		}
		TrainingSettings s = m.settings();
		ObjectNode so = o.putObject("settings");
		so.put("model", s.architecture.name());
		so.put("hidden", s.hidden);
		if (s.architecture == Architecture.CUSTOM)
			so.put("layers", LayerSpec.toText(s.layers));
		so.put("batch_size", s.batchSize);
		so.put("optimizer", s.optimizer.name());
		so.put("learning_rate", s.learningRate);
		so.put("momentum", s.momentum);
		so.put("epochs", s.epochs);
		so.put("seed", s.seed);
		so.put("train_limit", s.data.trainLimit);
		so.put("test_limit", s.data.testLimit);
		so.put("data_dir", String.valueOf(s.dataDir));
		so.put("data_source", s.dataSource.label());
		so.put("input_size", s.data.inputSize);
		so.put("test_fraction", s.data.testFraction);
		so.put("channels", s.data.channels.label());
		so.put("validation_fraction", s.validation.fraction);
		so.put("patience", s.validation.patience);
		so.put("keep", s.validation.keep.label());
		if (s.resume.initialModel != null)
			so.put("initial_model", s.resume.initialModel.toString());
		so.put("freeze", s.resume.freeze);
		so.put("checkpoint_every", s.resume.checkpointEvery);
		if (!s.augmentation.isNone()) so.put("augment", s.augmentation.toString()); // only when set: files of default runs as before
		if (s.schedule.kind != LearningRateSchedule.Kind.CONSTANT) so.put("schedule", s.schedule.toString());
		if (s.classWeights != ClassWeights.NONE) so.put("class_weights", s.classWeights.label());
		ArrayNode epochs = o.putArray("epochs");
		for (EpochRecord r : m.epochLog()) {
			ObjectNode e = epochs.addObject();
			e.put("epoch", r.epoch);
			e.put("seconds", r.seconds);
			putNumber(e, "trainLoss", r.trainLoss);
			putNumber(e, "testLoss", r.testLoss);
			e.put("correct", r.correct);
			e.put("total", r.total);
			e.put("line", r.workshopLine());
			if (r.hasValidation()) {
				putNumber(e, "trainAccuracy", r.trainAccuracy);
				putNumber(e, "validationLoss", r.validationLoss);
				putNumber(e, "validationAccuracy", r.validationAccuracy);
			}
			if (!Double.isNaN(r.balancedAccuracy)) putNumber(e, "balancedAccuracy", r.balancedAccuracy);
			if (!Double.isNaN(r.learningRate)) putNumber(e, "learningRate", r.learningRate);
		}
		putNumber(o, "finalAccuracy", m.finalAccuracy());
		o.put("trainedOn", m.trainedOn());
		o.put("libraryVersions", m.libraryVersions());
		o.put("created", m.created());
		ArrayNode params = o.putArray("parameters");
		m.params().forEach((k, v) -> params.addObject().put("name", k).put("shape", Arrays.toString(v.shape())));
		UpdaterState.describe(o, m.optimizerState());
		return o;
	}

	private static TrainingSettings settings(JsonNode so) {
		TrainingSettings s = new TrainingSettings();
		s.architecture = Options.choice("model", so.path("model").asText("MLP"), Architecture.class);
		s.hidden = so.path("hidden").asInt(s.hidden);
		String layers = so.path("layers").asText("");
		s.layers = s.architecture == Architecture.CUSTOM && !layers.isBlank() ? LayerSpec.parseList(layers) : List.of();
		s.batchSize = so.path("batch_size").asInt(s.batchSize);
		s.optimizer = Options.choice("optimizer", so.path("optimizer").asText("SGD"), Optimizer.class);
		s.learningRate = so.path("learning_rate").asDouble(s.learningRate);
		s.momentum = so.path("momentum").asDouble(s.momentum);
		s.epochs = so.path("epochs").asInt(s.epochs);
		s.seed = so.path("seed").asLong(s.seed);
		s.data.trainLimit = so.path("train_limit").asInt(0);
		s.data.testLimit = so.path("test_limit").asInt(0);
		s.dataSource = Options.choice("data_source", so.path("data_source").asText("folder"), DataSource.class);
		s.data.inputSize = so.path("input_size").asInt(0);
		s.data.testFraction = so.path("test_fraction").asDouble(s.data.testFraction);
		s.data.channels = Options.choice("channels", so.path("channels").asText("grey"), cnnsandbox.data.ChannelMode.class);
		s.validation.fraction = so.path("validation_fraction").asDouble(0);
		s.validation.patience = so.path("patience").asInt(0);
		s.validation.keep = Options.choice("keep", so.path("keep").asText("last"), cnnsandbox.training.Keep.class);
		if (so.hasNonNull("initial_model"))
			s.resume.initialModel = java.nio.file.Paths.get(so.path("initial_model").asText());
		s.resume.freeze = so.path("freeze").asText("");
		s.resume.checkpointEvery = so.path("checkpoint_every").asInt(0);
		if (so.hasNonNull("data_dir"))
			s.dataDir = java.nio.file.Paths.get(so.path("data_dir").asText());
		s.augmentation = Augmentation.parse(so.path("augment").asText("none"));
		s.schedule = LearningRateSchedule.parse(so.path("schedule").asText("constant"));
		s.classWeights = Options.choice("class_weights", so.path("class_weights").asText("none"), ClassWeights.class);
		return s;
	}

	/** JSON has no NaN: written as null. */
	private static void putNumber(ObjectNode o, String key, double v) {
		if (Double.isFinite(v))
			o.put(key, v);
		else
			o.putNull(key);
	}

	private static double number(JsonNode n) {
		return n == null || n.isNull() || n.isMissingNode() ? Double.NaN : n.asDouble();
	}
}
