package cnnsandbox.model;

import java.io.ByteArrayOutputStream;
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

import cnnsandbox.files.MemoryBudget;
import cnnsandbox.files.RegularFiles;
import cnnsandbox.files.TempFiles;
import cnnsandbox.files.ZipEntries;
import cnnsandbox.options.Options;

/**
 * The CNN Sandbox model file: a zip holding {@code model.json} (format, architecture, settings, training log,
 * provenance; readable) and one ND4J binary array per parameter under {@code params/}. The graph is rebuilt from
 * the architecture on load, so the file does not depend on SameDiff's serialisation.
 */
public final class ModelFile {

	public static final String FORMAT = "cnn-sandbox-model";
	public static final int FORMAT_VERSION = 1;
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
		Path tmp = TempFiles.create(dir, "." + file.getFileName() + ".", ".tmp");
		try {
			try (OutputStream raw = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(raw)) {
				zip.putNextEntry(new ZipEntry(META));
				zip.write(JSON.writeValueAsBytes(metadata(model)));
				zip.closeEntry();
				for (Map.Entry<String, INDArray> e : model.params().entrySet()) {
					zip.putNextEntry(new ZipEntry(PARAMS + e.getKey()));
					ByteArrayOutputStream bytes = new ByteArrayOutputStream();
					Nd4j.write(bytes, e.getValue());
					zip.write(bytes.toByteArray());
					zip.closeEntry();
				}
			}
			TempFiles.commit(tmp, file);
		} finally {
			TempFiles.delete(tmp);
		}
	}

	/**
	 * A model may replace a regular file that is a zip (an earlier model), never a folder, a FIFO, a device or a
	 * file of another kind (a typo in model_file must not destroy a document).
	 */
	public static void checkSaveTarget(Path file) throws IOException {
		RegularFiles.requireReplaceable(file, "model_file");
		if (Files.isRegularFile(file) && Files.size(file) > 0) {
			byte[] head;
			try (InputStream in = Files.newInputStream(file)) {
				head = in.readNBytes(4);
			}
			if (head.length < 4 || head[0] != 'P' || head[1] != 'K')
				throw new IOException("model_file " + file + " exists and is not a model file: not replacing it (choose another name, or delete it)");
		}
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
			int version = meta.path("formatVersion").asInt(-1);
			if (version != FORMAT_VERSION)
				throw new IOException(file + " has model format version " + meta.path("formatVersion").asText()
					+ ", which this CNN Sandbox does not know (it reads version " + FORMAT_VERSION + ")");
			Architecture arch = Options.choice("architecture", meta.path("architecture").asText(), Architecture.class);
			int hidden = meta.path("hidden").asInt();
			if (arch == Architecture.MLP && (hidden < 1 || hidden > TrainingSettings.MAX_HIDDEN))
				throw new IOException(file + " is damaged: hidden is " + meta.path("hidden").asText() + ", expected 1 to " + TrainingSettings.MAX_HIDDEN);
			List<String> classNames = classNames(meta.path("classNames"));
			Map<String, INDArray> params = new LinkedHashMap<>();
			// Each parameter is checked against the shape the architecture expects, before anything is allocated.
			for (Map.Entry<String, long[]> e : Network.paramShapes(arch, hidden).entrySet()) {
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
					number(r.path("testLoss")), r.path("correct").asInt(), r.path("total").asInt()));
			TrainingSettings s = settings(meta.path("settings"));
			return new Classifier(arch, hidden, classNames, s, log, number(meta.path("finalAccuracy")),
				meta.path("trainedOn").asText(), meta.path("libraryVersions").asText(), meta.path("created").asText(), params);
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
	private static long storedSize(long[] shape) {
		return MemoryBudget.times(MemoryBudget.times(shape), 4) + 8L * (2 * shape.length + 4) + 256;
	}

	/**
	 * Class names as the tables will show them: exactly one per output of the network, distinct, not empty and
	 * without control characters (a newline in a name would break the CSV and the table windows).
	 */
	private static List<String> classNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.forEach(n -> names.add(n.asText()));
		if (names.size() != Network.CLASSES)
			throw new IllegalArgumentException("it has " + names.size() + " class names, expected " + Network.CLASSES
				+ " (one per output of the network)");
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name.isBlank() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl))
				throw new IllegalArgumentException("class name " + i + " must be 1 to 100 printable characters, without line breaks");
			if (names.indexOf(name) != i)
				throw new IllegalArgumentException("class name '" + name + "' appears twice");
		}
		return names;
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
		input.put("channels", 1);
		input.put("normalisation", m.normalisation());
		ArrayNode layers = o.putArray("layers");
		for (String l : m.layerNames())
			layers.addObject().put("name", l).put("units", m.units(l));
		TrainingSettings s = m.settings();
		ObjectNode so = o.putObject("settings");
		so.put("model", s.architecture.name());
		so.put("hidden", s.hidden);
		so.put("batch_size", s.batchSize);
		so.put("optimizer", s.optimizer.name());
		so.put("learning_rate", s.learningRate);
		so.put("momentum", s.momentum);
		so.put("epochs", s.epochs);
		so.put("seed", s.seed);
		so.put("train_limit", s.trainLimit);
		so.put("test_limit", s.testLimit);
		so.put("data_dir", String.valueOf(s.dataDir));
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
		}
		putNumber(o, "finalAccuracy", m.finalAccuracy());
		o.put("trainedOn", m.trainedOn());
		o.put("libraryVersions", m.libraryVersions());
		o.put("created", m.created());
		ArrayNode params = o.putArray("parameters");
		m.params().forEach((k, v) -> params.addObject().put("name", k).put("shape", Arrays.toString(v.shape())));
		return o;
	}

	private static TrainingSettings settings(JsonNode so) {
		TrainingSettings s = new TrainingSettings();
		s.architecture = Options.choice("model", so.path("model").asText("MLP"), Architecture.class);
		s.hidden = so.path("hidden").asInt(s.hidden);
		s.batchSize = so.path("batch_size").asInt(s.batchSize);
		s.optimizer = Options.choice("optimizer", so.path("optimizer").asText("SGD"), Optimizer.class);
		s.learningRate = so.path("learning_rate").asDouble(s.learningRate);
		s.momentum = so.path("momentum").asDouble(s.momentum);
		s.epochs = so.path("epochs").asInt(s.epochs);
		s.seed = so.path("seed").asLong(s.seed);
		s.trainLimit = so.path("train_limit").asInt(0);
		s.testLimit = so.path("test_limit").asInt(0);
		if (so.hasNonNull("data_dir"))
			s.dataDir = java.nio.file.Paths.get(so.path("data_dir").asText());
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
