package cnnsandbox.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLMapper;

import cnnsandbox.classify.InputPreparation;
import cnnsandbox.files.RegularFiles;
import cnnsandbox.files.TempFiles;
import cnnsandbox.files.ZipEntries;

/**
 * A bioimage.io model package (a {@code .zip}, or its {@code rdf.yaml} with the files beside it), format 0.4 or 0.5,
 * as far as Import Model needs it: the ONNX weights, the input's preprocessing as an {@link InputPreparation}, and
 * the output's channel names (0.5), which name the classes. The preprocessing is read for 8-bit images: the package's
 * input holds grey values 0-255, which Classify Image gives the model as p = value / 255, so a step on the values
 * r = 255 p becomes a map on p. Supported steps: {@code scale_linear} (gain, offset), {@code zero_mean_unit_variance}
 * with fixed mean and std (0.4's mode fixed; 0.5's {@code fixed_zero_mean_unit_variance}), and {@code ensure_dtype}
 * (nothing to do); per-image or per-dataset statistics and per-channel values are refused by name.
 */
public final class BioimageioModel implements AutoCloseable {

	/** rdf.yaml is read up to this size (ours are ~2 KB; the zoo's largest a few tens of KB). */
	static final int MAX_RDF_BYTES = 1 << 20;

	/** The ONNX weights: the file beside rdf.yaml, or a temporary copy out of the zip, deleted by {@link #close}. */
	public final Path onnx;
	public final InputPreparation preparation;
	/** The output channels' names, or null when the package gives none. */
	public final List<String> channelNames;
	private final boolean temporary;

	private BioimageioModel(Path onnx, boolean temporary, InputPreparation preparation, List<String> channelNames) {
		this.onnx = onnx;
		this.temporary = temporary;
		this.preparation = preparation;
		this.channelNames = channelNames;
	}

	/** Whether {@code file} is given as a package (by its name: .zip, .yaml or .yml) rather than an .onnx file. */
	public static boolean isPackage(Path file) {
		String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".zip") || n.endsWith(".yaml") || n.endsWith(".yml");
	}

	/** @throws IOException one line naming the file and what is wrong: no rdf.yaml, no ONNX weights, a step not supported */
	public static BioimageioModel open(Path file) throws IOException {
		RegularFiles.requireReadable(file, "input_file");
		if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
			JsonNode rdf = parse(RegularFiles.readSmallText(file, "input_file", MAX_RDF_BYTES), file);
			Path weights = file.toAbsolutePath().getParent().resolve(weightsSource(rdf, file)).normalize();
			if (!Files.isRegularFile(weights))
				throw new IOException("input_file " + file + ": its ONNX weights " + weights + " are not there; keep them beside rdf.yaml");
			return new BioimageioModel(weights, false, preparation(rdf, file), channelNames(rdf));
		}
		try (ZipFile zip = new ZipFile(file.toFile())) {
			ZipEntries.requireUniqueNames(zip, file);
			ZipEntry rdfEntry = zip.getEntry("rdf.yaml");
			if (rdfEntry == null)
				throw new IOException("input_file " + file + " is not a bioimage.io package: it holds no rdf.yaml");
			JsonNode rdf;
			try (InputStream in = ZipEntries.open(zip, rdfEntry, MAX_RDF_BYTES)) {
				rdf = parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), file);
			}
			String source = weightsSource(rdf, file);
			ZipEntry w = zip.getEntry(source);
			if (w == null)
				throw new IOException("input_file " + file + ": its rdf.yaml names the ONNX weights " + source + ", which the zip does not hold");
			InputPreparation prep = preparation(rdf, file);
			List<String> names = channelNames(rdf);
			Path tmp = TempFiles.create(Path.of(System.getProperty("java.io.tmpdir")), "import-", ".onnx");
			try (InputStream in = ZipEntries.open(zip, w, OnnxImporter.MAX_BYTES)) {
				Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException | RuntimeException e) {
				TempFiles.delete(tmp);
				throw e;
			}
			return new BioimageioModel(tmp, true, prep, names);
		}
		catch (java.util.zip.ZipException e) {
			throw new IOException("input_file " + file + " is not a zip archive (" + e.getMessage() + "): give a bioimage.io package", e);
		}
	}

	@Override
	public void close() {
		if (temporary) TempFiles.delete(onnx);
	}

	private static JsonNode parse(String yaml, Path file) throws IOException {
		try {
			JsonNode rdf = new YAMLMapper().readTree(yaml);
			if (rdf == null || !rdf.isObject()) throw new IOException("not a mapping");
			return rdf;
		}
		catch (IOException e) {
			throw new IOException("input_file " + file + ": its rdf.yaml cannot be read (" + e.getMessage().split("\\R")[0] + ")", e);
		}
	}

	private static String weightsSource(JsonNode rdf, Path file) throws IOException {
		JsonNode weights = rdf.path("weights");
		JsonNode onnx = weights.path("onnx");
		if (!onnx.isObject()) {
			List<String> formats = new ArrayList<>();
			weights.fieldNames().forEachRemaining(formats::add);
			throw new IOException("input_file " + file + " has no ONNX weights" + (formats.isEmpty() ? "" : " (it has " + String.join(", ", formats) + ")")
				+ ": only a package with ONNX weights can be imported (bioimage.io's packager can add them)");
		}
		String source = onnx.path("source").asText("");
		if (source.isEmpty() || source.contains("://") || source.startsWith("/") || source.contains(".."))
			throw new IOException("input_file " + file + ": its ONNX weights' source '" + source + "' is not a file in the package");
		return source;
	}

	/** The input's preprocessing, step by step, on r = 255 p. */
	static InputPreparation preparation(JsonNode rdf, Path file) throws IOException {
		JsonNode inputs = rdf.path("inputs");
		if (!inputs.isArray() || inputs.size() != 1)
			throw new IOException("input_file " + file + " has " + (inputs.isArray() ? inputs.size() : 0) + " inputs; one image input is supported");
		InputPreparation p = InputPreparation.of(255, 0, 1);
		for (JsonNode step : inputs.get(0).path("preprocessing")) {
			String id = step.has("id") ? step.path("id").asText() : step.path("name").asText(); // 0.5: id; 0.4: name
			JsonNode k = step.path("kwargs");
			switch (id) {
			case "scale_linear":
				p = p.then(single(k, "gain", 1, id, file), single(k, "offset", 0, id, file));
				break;
			case "zero_mean_unit_variance":
			case "fixed_zero_mean_unit_variance":
				if (id.equals("zero_mean_unit_variance") && !k.path("mode").asText("").equals("fixed"))
					throw new IOException("input_file " + file + ": its preprocessing zero_mean_unit_variance"
						+ (k.has("mode") ? " (mode " + k.path("mode").asText() + ")" : "") + " uses each image's own statistics; only fixed "
						+ "mean and std are supported (give them with the mean and std keys)");
				double mean = single(k, "mean", Double.NaN, id, file), std = single(k, "std", Double.NaN, id, file) + single(k, "eps", 1e-6, id, file);
				if (!(std > 0) || !Double.isFinite(mean))
					throw new IOException("input_file " + file + ": its preprocessing " + id + " has mean " + mean + " and std " + std);
				p = p.then(1 / std, -mean / std);
				break;
			case "ensure_dtype":
				break;
			default:
				throw new IOException("input_file " + file + ": its preprocessing " + id + " is not supported; supported: scale_linear, "
					+ "zero_mean_unit_variance with fixed mean and std, ensure_dtype");
			}
		}
		return p;
	}

	/** A number, or a list of one number (per channel: grey input has one). */
	private static double single(JsonNode kwargs, String key, double orElse, String id, Path file) throws IOException {
		JsonNode v = kwargs.path(key);
		if (v.isMissingNode() || v.isNull()) {
			if (Double.isNaN(orElse)) throw new IOException("input_file " + file + ": its preprocessing " + id + " gives no " + key);
			return orElse;
		}
		if (v.isArray() && v.size() == 1) v = v.get(0);
		if (!v.isNumber())
			throw new IOException("input_file " + file + ": its preprocessing " + id + " has " + key + " " + v + "; one number (grey input) is supported");
		return v.asDouble();
	}

	/** 0.5: the output's channel axis names its channels; null otherwise. */
	private static List<String> channelNames(JsonNode rdf) {
		JsonNode outputs = rdf.path("outputs");
		if (!outputs.isArray() || outputs.size() != 1) return null;
		for (JsonNode axis : outputs.get(0).path("axes"))
			if (axis.path("type").asText().equals("channel") && axis.path("channel_names").isArray()) {
				List<String> names = new ArrayList<>();
				axis.path("channel_names").forEach(n -> names.add(n.asText()));
				return names;
			}
		return null;
	}
}
