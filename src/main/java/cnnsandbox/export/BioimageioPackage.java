package cnnsandbox.export;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLGenerator;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLMapper;

import cnnsandbox.data.DataSource;
import cnnsandbox.data.Dataset;
import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.ConfusionMatrix;
import cnnsandbox.training.EpochRecord;
import cnnsandbox.training.Objective;
import cnnsandbox.training.TrainingSettings;
import cnnsandbox.visualize.ActivationMaximizer;
import cnnsandbox.visualize.AscentSettings;

/**
 * A bioimage.io model package (format 0.5): one zip holding {@code rdf.yaml}, the ONNX weights, a test input and
 * its expected output as .npy, a README (training log, accuracy, confusion matrix) and a cover (the class images of
 * Visualize Neuron). The input tensor holds 8-bit grey values (0-255) as float32; the package's preprocessing
 * ({@code scale_linear}, gain 1/255) maps them to the [0, 1] the ONNX graph takes.
 */
public final class BioimageioPackage {

	public static final String FORMAT_VERSION = "0.5.3";
	/** The tag in rdf.yaml that marks a package as ours (an earlier export is recognised by it). */
	static final String TAG = "cnn-sandbox";
	public static final String RDF = "rdf.yaml", WEIGHTS = "model.onnx", TEST_INPUT = "test_input.npy",
		TEST_OUTPUT = "test_output.npy", README = "README.md", COVER = "cover.png";
	/** The stored data range of an input pixel: 8-bit grey values. */
	public static final double PIXEL_MAX = 255;
	/** The licence of the package: Fashion-MNIST's (MIT), which the weights are derived from. */
	public static final String LICENSE = "MIT";
	/** Ascent steps per class image of the cover (Visualize Neuron's default is 300; the cover is 10 small images). */
	static final int COVER_STEPS = 100;
	static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
		.enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
		.disable(YAMLGenerator.Feature.SPLIT_LINES).build();

	private BioimageioPackage() {}

	static void write(ExportableModel m, OutputStream out, Consumer<String> status, BooleanSupplier cancelled) throws IOException {
		Classifier c = m.classifier;
		if (c == null)
			throw new IllegalArgumentException("a bioimage.io package needs a trained classifier (its test tensors and training record)");
		status.accept("Export Model: ONNX graph");
		byte[] onnx = OnnxExporter.export(m).toByteArray();
		status.accept("Export Model: class images for the cover");
		List<float[]> classImages = classImages(c, cancelled);
		status.accept("Export Model: test images");
		LabeledImages test = testImages(c);
		// The test input: the first test image, or (no test data here) the image class 0 responds to most.
		float[] input01 = test != null ? test.image(0) : clamp01(classImages.get(0));
		float[] stored = new float[input01.length];
		for (int i = 0; i < stored.length; i++)
			stored[i] = test != null ? Math.round(input01[i] * (float) PIXEL_MAX) : (float) (input01[i] * PIXEL_MAX);
		float[] scaled = new float[stored.length];
		for (int i = 0; i < scaled.length; i++)
			scaled[i] = (float) (stored[i] / PIXEL_MAX); // what the preprocessing gives the model
		float[] expected = c.probabilities(Nd4j.create(scaled, new long[] { 1, m.channels, m.rows, m.cols }, 'c')).data().asFloat();
		ConfusionMatrix confusion = test == null ? null
			: ConfusionMatrix.of(m.classNames.size(), test.labels, c.predict(test.features(0, test.n)));

		byte[] inNpy = Npy.float32(stored, 1, m.channels, m.rows, m.cols);
		byte[] outNpy = Npy.float32(expected, 1, m.classNames.size());
		byte[] cover = cover(classImages, m.channels, m.rows, m.cols);
		byte[] readme = readme(m, confusion, test).getBytes(java.nio.charset.StandardCharsets.UTF_8);
		Map<String, Object> rdf = rdf(m, sha256(onnx), sha256(inNpy), sha256(outNpy), test);
		if (cancelled.getAsBoolean())
			throw new java.util.concurrent.CancellationException();
		try (ZipOutputStream zip = new ZipOutputStream(out)) {
			entry(zip, RDF, YAML.writeValueAsBytes(rdf));
			entry(zip, WEIGHTS, onnx);
			entry(zip, TEST_INPUT, inNpy);
			entry(zip, TEST_OUTPUT, outNpy);
			entry(zip, README, readme);
			entry(zip, COVER, cover);
		}
	}

	/** gray; red, green, blue; or channel0, channel1...: identifiers, as the spec asks. */
	static List<String> channelNames(int channels) {
		if (channels == 1) return List.of("gray");
		if (channels == 3) return List.of("red", "green", "blue");
		List<String> names = new ArrayList<>();
		for (int c = 0; c < channels; c++)
			names.add("channel" + c);
		return names;
	}

	static Map<String, Object> rdf(ExportableModel m, String onnxSha, String inSha, String outSha, LabeledImages test) {
		Classifier c = m.classifier;
		String arch = c.architecture().name();
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("format_version", FORMAT_VERSION);
		r.put("type", "model");
		r.put("name", "CNN Sandbox Fashion-MNIST " + arch);
		r.put("description", "Fashion-MNIST classifier (" + arch + ", " + (c.architecture().name().equals("CNN")
			? "the workshop's FashionSimpleNet" : "the workshop's TwoFullNet, " + c.hidden() + " hidden units")
			+ ") trained in CNN Sandbox for Fiji: a " + m.rows + " x " + m.cols + " " + (m.channels == 1 ? "grey" : m.channels == 3 ? "RGB"
				: m.channels + "-channel") + " image of a light garment on a dark background in, the "
			+ "probabilities of the " + m.classNames.size() + " classes out. Test accuracy " + percent(c.finalAccuracy()) + ".");
		r.put("authors", List.of(Map.of("name", author())));
		r.put("cite", List.of(map("text", "Xiao, Rasul, Vollgraf. Fashion-MNIST: a Novel Image Dataset for Benchmarking "
			+ "Machine Learning Algorithms. arXiv:1708.07747 (2017)", "doi", "10.48550/arXiv.1708.07747", "url",
			"https://github.com/zalandoresearch/fashion-mnist")));
		r.put("license", LICENSE);
		r.put("documentation", README);
		r.put("covers", List.of(COVER));
		r.put("tags", List.of("fashion-mnist", "classification", "2d", "onnx", TAG, arch.toLowerCase(Locale.ROOT)));
		try {
			r.put("timestamp", Instant.parse(c.created()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
		} catch (DateTimeParseException e) {
			// optional field: left out if the model file has no valid creation time
		}

		Map<String, Object> in = new LinkedHashMap<>();
		in.put("id", OnnxExporter.INPUT);
		in.put("description", (m.channels == 1 ? "grey image" : m.channels == 3 ? "RGB image" : "image of " + m.channels + " channels")
			+ ", 8-bit values 0-255 (light object on a dark background, as Fashion-MNIST)");
		in.put("axes", List.of(Map.of("type", "batch"), map("type", "channel", "channel_names", channelNames(m.channels)),
			map("type", "space", "id", "y", "size", m.rows), map("type", "space", "id", "x", "size", m.cols)));
		in.put("test_tensor", map("source", TEST_INPUT, "sha256", inSha));
		in.put("data", map("type", "float32", "range", List.of(0.0, PIXEL_MAX)));
		in.put("preprocessing", List.of(map("id", "scale_linear", "kwargs", map("gain", 1 / PIXEL_MAX, "offset", 0.0))));
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("id", OnnxExporter.OUTPUT);
		out.put("description", "class probabilities (softmax), channels in the order " + String.join(", ", m.classNames));
		out.put("axes", List.of(Map.of("type", "batch"), map("type", "channel", "channel_names", identifiers(m.classNames))));
		out.put("test_tensor", map("source", TEST_OUTPUT, "sha256", outSha));
		out.put("data", map("type", "float32", "range", List.of(0.0, 1.0)));
		r.put("inputs", List.of(in));
		r.put("outputs", List.of(out));
		r.put("weights", Map.of("onnx", map("source", WEIGHTS, "sha256", onnxSha, "opset_version", OnnxExporter.OPSET)));
		Map<String, Object> own = new LinkedHashMap<>();
		own.put("architecture", arch);
		own.put("class_names", m.classNames);
		own.put("normalisation", c.normalisation());
		own.put("final_accuracy", c.finalAccuracy());
		own.put("trained_on", c.trainedOn());
		own.put("library_versions", c.libraryVersions());
		own.put("test_input", test != null ? "first Fashion-MNIST test image" : "the image class 0 responds to most");
		r.put("config", Map.of("cnn_sandbox", own));
		return r;
	}

	/** Channel names are identifiers in the 0.5 spec: "T-shirt/top" becomes T_shirt_top (unique, letters first). */
	static List<String> identifiers(List<String> names) {
		List<String> ids = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (String n : names) {
			String id = n.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_+|_+$", "");
			if (id.isEmpty() || Character.isDigit(id.charAt(0)))
				id = "class_" + id;
			String unique = id;
			for (int k = 2; !seen.add(unique); k++)
				unique = id + "_" + k;
			ids.add(unique);
		}
		return ids;
	}

	/** Activation maximisation of every class (Visualize Neuron's class mode, its default settings). */
	static List<float[]> classImages(Classifier c, BooleanSupplier cancelled) {
		ActivationMaximizer am = new ActivationMaximizer(c);
		AscentSettings s = new AscentSettings();
		s.steps = COVER_STEPS;
		List<float[]> images = new ArrayList<>();
		for (int k = 0; k < c.classNames().size(); k++)
			images.add(am.maximise(Objective.classLogProbability(k), s, cancelled).image);
		return images;
	}

	/**
	 * The model's own test set (its data_dir, split and test_limit; Fashion-MNIST's default folder for a Fashion-MNIST
	 * model), or null if it is not on this machine or does not match the model's input and classes.
	 */
	static LabeledImages testImages(Classifier c) {
		TrainingSettings s = c.settings();
		List<Path> dirs = new ArrayList<>();
		if (s.dataSource == DataSource.FOLDER && s.dataDir != null)
			dirs.add(s.dataDir);
		if (c.inputRows() == 28 && c.inputCols() == 28 && c.classNames().equals(FashionMnist.CLASS_NAMES))
			dirs.add(FashionMnist.DEFAULT_DIR);
		for (Path dir : dirs) {
			if (!Files.isDirectory(dir))
				continue;
			try {
				Dataset.Options o = s.data.copy();
				o.inputSize = c.inputRows() == c.inputCols() ? c.inputRows() : 0;
				LabeledImages test = Dataset.load(dir, o, s.seed).test;
				if (test.rows == c.inputRows() && test.cols == c.inputCols() && test.channels == c.inputChannels()
					&& test.classNames.equals(c.classNames()))
					return test;
			} catch (IOException | RuntimeException e) {
				// try the next folder
			}
		}
		return null;
	}

	/**
	 * The class images side by side (5 per row, 8 px apart), each on its own grey scale, magnified 4x, on a canvas
	 * of the 2:1 aspect ratio the spec asks for; in colour for a model of 3 channels (R, G, B), else the first channel.
	 */
	static byte[] cover(List<float[]> images, int rows, int cols) throws IOException {
		return cover(images, 1, rows, cols);
	}

	static byte[] cover(List<float[]> images, int channels, int rows, int cols) throws IOException {
		int zoom = 4, gap = 8, perRow = 5, gridRows = (images.size() + perRow - 1) / perRow;
		int cw = cols * zoom, ch = rows * zoom, w = perRow * (cw + gap) + gap, grid = gridRows * (ch + gap) + gap;
		w += w % 2;
		int h = Math.max(grid, w / 2), top = (h - grid) / 2 + gap;
		if (h > w / 2)
			w = 2 * h; // more rows than a 2:1 canvas holds: widen it
		boolean rgb = channels == 3;
		int plane = rows * cols;
		BufferedImage img = new BufferedImage(w, h, rgb ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
		for (int k = 0; k < images.size(); k++) {
			float[] px = images.get(k);
			float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
			for (int i = 0; i < (rgb ? 3 * plane : plane); i++) {
				min = Math.min(min, px[i]);
				max = Math.max(max, px[i]);
			}
			float range = max > min ? max - min : 1;
			int x0 = gap + (k % perRow) * (cw + gap), y0 = top + (k / perRow) * (ch + gap);
			for (int y = 0; y < rows * zoom; y++)
				for (int x = 0; x < cols * zoom; x++) {
					int at = (y / zoom) * cols + x / zoom;
					if (rgb) {
						int r = Math.round(255 * (px[at] - min) / range), g = Math.round(255 * (px[plane + at] - min) / range);
						int b = Math.round(255 * (px[2 * plane + at] - min) / range);
						img.setRGB(x0 + x, y0 + y, (r << 16) | (g << 8) | b);
					} else
						img.getRaster().setSample(x0 + x, y0 + y, 0, Math.round(255 * (px[at] - min) / range));
				}
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ImageIO.write(img, "png", bytes);
		return bytes.toByteArray();
	}

	static String readme(ExportableModel m, ConfusionMatrix confusion, LabeledImages test) {
		Classifier c = m.classifier;
		TrainingSettings s = c.settings();
		StringBuilder b = new StringBuilder();
		b.append("# CNN Sandbox Fashion-MNIST ").append(c.architecture()).append("\n\n");
		b.append("A Fashion-MNIST classifier trained in CNN Sandbox (Fiji), from Jean Feydy's workshop *From Wavelet "
			+ "Transforms to Convolutional Neural Networks, part 1*.\n\n");
		b.append("## Input and output\n\n");
		b.append("- `input`: float32 [batch, ").append(m.channels).append(", ").append(m.rows).append(", ").append(m.cols).append("], 8-bit "
			+ (m.channels == 1 ? "grey" : m.channels == 3 ? "R, G, B" : "channel") + " values "
			+ "0-255; the preprocessing (`scale_linear`, gain 1/255) maps them to [0, 1], which `model.onnx` takes. "
			+ "Fashion-MNIST garments are light on a dark background, centred, filling the 28 x 28 frame: invert and fit "
			+ "other images first (CNN Sandbox's Classify Image does this).\n");
		b.append("- `probabilities`: float32 [batch, ").append(m.classNames.size()).append("], softmax over the classes ")
			.append(String.join(", ", m.classNames)).append(".\n\n");
		b.append("Layers: ").append(m.net.text()).append(", softmax (the layer list's syntax is CNN Sandbox's; parameters ");
		List<String> ls = new ArrayList<>();
		for (Map.Entry<String, long[]> p : m.net.paramShapes().entrySet())
			ls.add(p.getKey() + " " + java.util.Arrays.toString(p.getValue()));
		b.append(String.join(", ", ls)).append("). Dropout is off (inference).\n\n");
		b.append("## Training\n\n");
		b.append("Model ").append(s.architecture).append(", ").append(s.epochs).append(" epochs, batch ").append(s.batchSize)
			.append(", ").append(s.optimizer).append(" learning rate ").append(s.learningRate).append(", momentum ").append(s.momentum)
			.append(", seed ").append(s.seed).append(", train_limit ").append(s.data.trainLimit).append(", test_limit ")
			.append(s.data.testLimit).append(". Trained on ").append(c.trainedOn()).append(" with ").append(c.libraryVersions())
			.append(", ").append(c.created()).append(".\n\n");
		b.append("| epoch | seconds | train loss | test loss | test accuracy | correct |\n|---|---|---|---|---|---|\n");
		for (EpochRecord r : c.epochLog())
			b.append(String.format(Locale.ROOT, "| %d | %.1f | %s | %s | %s | %d/%d |%n", r.epoch, r.seconds, loss(r.trainLoss),
				loss(r.testLoss), percent(r.testAccuracy), r.correct, r.total));
		b.append("\nFinal test accuracy: ").append(percent(c.finalAccuracy())).append(".\n\n");
		b.append("## Confusion matrix\n\n");
		if (confusion == null)
			b.append("Not computed: the Fashion-MNIST test set was not found on the exporting machine.\n");
		else {
			b.append("On the first ").append(test.n).append(" Fashion-MNIST test images (accuracy ")
				.append(percent(confusion.accuracy())).append("); rows: true class, columns: predicted.\n\n| true \\ predicted |");
			for (String n : m.classNames)
				b.append(' ').append(n).append(" |");
			b.append("\n|---|").append("---|".repeat(m.classNames.size())).append('\n');
			for (int i = 0; i < confusion.classes(); i++) {
				b.append("| ").append(m.classNames.get(i)).append(" |");
				for (int j = 0; j < confusion.classes(); j++)
					b.append(' ').append(confusion.counts[i][j]).append(" |");
				b.append('\n');
			}
		}
		b.append("\n## Use\n\n");
		b.append("- deepImageJ / JDLL (Fiji): install this zip as a model, open a 28 x 28 8-bit image, run the model.\n");
		b.append("- Python: `onnxruntime.InferenceSession('model.onnx').run(None, {'input': x})[0]` with x float32 "
			+ "[n, " + m.channels + ", " + m.rows + ", " + m.cols + "] in [0, 1]; `test_input.npy` / 255 gives `test_output.npy`.\n");
		b.append("\nThe cover shows, for each class, the image that class responds to most (activation maximisation, "
			+ "CNN Sandbox's Visualize Neuron), in the class order above.\n");
		return b.toString();
	}

	/** Epoch 0 (before training) has no training loss. */
	private static String loss(double v) {
		return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "-";
	}

	private static String percent(double f) {
		return Double.isFinite(f) ? String.format(Locale.ROOT, "%.2f %%", 100 * f) : "unknown";
	}

	private static String author() {
		String user = System.getProperty("user.name");
		return user == null || user.isBlank() ? "CNN Sandbox user" : user;
	}

	private static float[] clamp01(float[] x) {
		float[] y = new float[x.length];
		for (int i = 0; i < x.length; i++)
			y[i] = Math.max(0f, Math.min(1f, x[i]));
		return y;
	}

	/** An insertion-ordered map from alternating keys and values. */
	static Map<String, Object> map(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put((String) kv[i], kv[i + 1]);
		return m;
	}

	private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(data);
		zip.closeEntry();
	}

	static String sha256(byte[] data) {
		try {
			StringBuilder hex = new StringBuilder();
			for (byte x : MessageDigest.getInstance("SHA-256").digest(data))
				hex.append(String.format("%02x", x));
			return hex.toString();
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
