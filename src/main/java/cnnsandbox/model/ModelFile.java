package cnnsandbox.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private ModelFile() {}

	/** Writes {@code model} to {@code file}, through a temporary file in the same folder renamed at the end. */
	public static void save(Classifier model, Path file) throws IOException {
		Path dir = file.toAbsolutePath().getParent();
		if (dir != null)
			Files.createDirectories(dir);
		Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
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
			try {
				Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	/**
	 * Reads a model written by {@link #save}.
	 *
	 * @throws IOException naming the file: not found, not a CNN Sandbox model file, truncated or damaged, or of an
	 *             unknown format version
	 */
	public static Classifier load(Path file) throws IOException {
		if (!Files.exists(file))
			throw new NoSuchFileException(file.toString(), null, "model file not found");
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
			JsonNode meta;
			try (InputStream in = zip.getInputStream(metaEntry)) {
				meta = JSON.readTree(in);
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
			Map<String, INDArray> params = new LinkedHashMap<>();
			for (Map.Entry<String, long[]> e : Network.paramShapes(arch, hidden).entrySet()) {
				ZipEntry pe = zip.getEntry(PARAMS + e.getKey());
				if (pe == null)
					throw new IOException(file + " is damaged: parameter " + e.getKey() + " is missing");
				byte[] bytes;
				try (InputStream in = zip.getInputStream(pe)) {
					bytes = in.readAllBytes();
				}
				INDArray a;
				try {
					a = Nd4j.read(new ByteArrayInputStream(bytes));
				} catch (RuntimeException ex) {
					throw new IOException(file + " is damaged: parameter " + e.getKey() + " cannot be read", ex);
				}
				if (!Arrays.equals(a.shape(), e.getValue()))
					throw new IOException(file + " is damaged: parameter " + e.getKey() + " has shape "
						+ Arrays.toString(a.shape()) + ", expected " + Arrays.toString(e.getValue()));
				params.put(e.getKey(), a);
			}
			List<String> classNames = new ArrayList<>();
			meta.path("classNames").forEach(n -> classNames.add(n.asText()));
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
