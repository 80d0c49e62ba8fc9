package cnnsandbox.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.Classifier;
import cnnsandbox.model.Optimizer;
import cnnsandbox.model.Trainer;
import cnnsandbox.model.TrainingListener;
import cnnsandbox.model.TrainingSettings;

/**
 * The exports as another runtime sees them: ONNX Runtime runs each exported model on 1,000 real Fashion-MNIST test
 * images and must give the classifier's class for every image and its probabilities within 1e-5; the bioimage.io
 * package is read back field by field and its test input run through its own preprocessing and weights.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportTest {

	static final int TEST_LIMIT = 1000;
	static final double TOLERANCE = 1e-5;

	LabeledImages test;
	Classifier mlp, cnn;
	OrtEnvironment ort;

	@TempDir
	Path dir;

	@BeforeAll
	void trainSmallModels() throws IOException {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST in " + FashionMnist.DEFAULT_DIR);
		LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 3000);
		test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, TEST_LIMIT);
		mlp = train(Architecture.MLP, train);
		cnn = train(Architecture.CNN, train);
		ort = OrtEnvironment.getEnvironment();
	}

	Classifier train(Architecture arch, LabeledImages train) {
		TrainingSettings s = new TrainingSettings(arch);
		s.optimizer = Optimizer.ADAM;
		s.learningRate = 0.001;
		s.batchSize = 50;
		s.epochs = 1;
		s.trainLimit = train.n;
		s.testLimit = TEST_LIMIT;
		return new Trainer().train(s, train, test, new TrainingListener() {}, null).classifier;
	}

	/** ONNX Runtime's output for {@code n} images [n, 1, 28, 28], pixels in [0, 1]. */
	float[] runOnnx(byte[] onnx, float[] pixels, int n) throws Exception {
		try (OrtSession session = ort.createSession(onnx, new OrtSession.SessionOptions());
			OnnxTensor x = OnnxTensor.createTensor(ort, FloatBuffer.wrap(pixels), new long[] { n, 1, 28, 28 });
			OrtSession.Result r = session.run(Map.of(OnnxExporter.INPUT, x))) {
			float[][] p = (float[][]) r.get(OnnxExporter.OUTPUT).get().getValue();
			float[] flat = new float[n * p[0].length];
			for (int i = 0; i < n; i++)
				System.arraycopy(p[i], 0, flat, i * p[i].length, p[i].length);
			return flat;
		}
	}

	@Test
	void onnxGivesTheClassifiersClassesAndProbabilitiesOnTestImages() throws Exception {
		for (Classifier c : List.of(mlp, cnn)) {
			Path file = dir.resolve(c.architecture() + ".onnx");
			ModelExporter.export(c, ExportFormat.ONNX, file, s -> {}, () -> false);
			byte[] onnx = Files.readAllBytes(file);
			float[] ours = c.probabilities(test.features(0, test.n)).data().asFloat();
			float[] theirs = runOnnx(onnx, test.pixels, test.n);
			int[] predicted = c.predict(test.features(0, test.n));
			double maxDiff = 0;
			for (int i = 0; i < test.n; i++) {
				assertEquals(predicted[i], argmax(theirs, i), c.architecture() + " image " + i);
				for (int k = 0; k < 10; k++)
					maxDiff = Math.max(maxDiff, Math.abs(ours[i * 10 + k] - theirs[i * 10 + k]));
			}
			assertTrue(maxDiff <= TOLERANCE, c.architecture() + ": max |p_onnx - p| = " + maxDiff);
			System.out.println(c.architecture() + ": ONNX Runtime vs Classifier on " + test.n + " test images, max |dp| = " + maxDiff);
			// dynamic batch: one image alone gives the same as within the batch
			float[] one = runOnnx(onnx, java.util.Arrays.copyOf(test.pixels, 784), 1);
			for (int k = 0; k < 10; k++)
				assertEquals(theirs[k], one[k], TOLERANCE);
			try (OrtSession session = ort.createSession(onnx, new OrtSession.SessionOptions())) {
				NodeInfo in = session.getInputInfo().get(OnnxExporter.INPUT), out = session.getOutputInfo().get(OnnxExporter.OUTPUT);
				assertArrayEquals(new long[] { -1, 1, 28, 28 }, ((TensorInfo) in.getInfo()).getShape(), "input: dynamic batch");
				assertArrayEquals(new long[] { -1, 10 }, ((TensorInfo) out.getInfo()).getShape());
			}
		}
	}

	/** A layer list with every layer kind exports as the engine computes it (padding K/2, pools, activations, flatten). */
	@Test
	void aCustomLayerListExportsAsTheEngineComputesIt() throws Exception {
		TrainingSettings s = new TrainingSettings(Architecture.CUSTOM);
		s.layers = "conv 4 5, tanh, avgpool 2, conv 6 3, relu, maxpool 2, dropout 0.3, sigmoid, dense 12, relu, dense 10";
		s.optimizer = Optimizer.ADAM;
		s.learningRate = 0.003;
		s.batchSize = 50;
		s.epochs = 1;
		LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 1000);
		Classifier c = new Trainer().train(s, train, test, new TrainingListener() {}, null).classifier;
		Path file = dir.resolve("custom.onnx");
		ModelExporter.export(c, ExportFormat.ONNX, file, m -> {}, () -> false);
		float[] ours = c.probabilities(test.features(0, test.n)).data().asFloat();
		float[] theirs = runOnnx(Files.readAllBytes(file), test.pixels, test.n);
		int[] predicted = c.predict(test.features(0, test.n));
		double maxDiff = 0;
		for (int i = 0; i < test.n; i++) {
			assertEquals(predicted[i], argmax(theirs, i), "custom image " + i);
			for (int k = 0; k < 10; k++)
				maxDiff = Math.max(maxDiff, Math.abs(ours[i * 10 + k] - theirs[i * 10 + k]));
		}
		assertTrue(maxDiff <= TOLERANCE, "custom: max |p_onnx - p| = " + maxDiff);
	}

	@Test
	void bioimageioPackageHoldsEveryRequiredFieldAndItsTestTensorsAgree() throws Exception {
		for (Classifier c : List.of(mlp, cnn)) {
			Path file = dir.resolve(c.architecture() + ".zip");
			ModelExporter.export(c, ExportFormat.BIOIMAGE_IO, file, s -> {}, () -> false);
			try (ZipFile zip = new ZipFile(file.toFile())) {
				Map<String, Object> rdf = map(BioimageioPackage.YAML.readValue(bytes(zip, "rdf.yaml"), Map.class));
				// every field the 0.5 model spec requires, and the ones the issue asks for
				assertTrue(((String) rdf.get("format_version")).startsWith("0.5."), "format_version " + rdf.get("format_version"));
				assertEquals("model", rdf.get("type"));
				assertFalse(((String) rdf.get("name")).isBlank());
				assertFalse(((String) rdf.get("description")).isBlank());
				assertFalse(((String) map(list(rdf.get("authors")).get(0)).get("name")).isBlank());
				Map<String, Object> cite = map(list(rdf.get("cite")).get(0));
				assertFalse(((String) cite.get("text")).isBlank());
				assertTrue(cite.containsKey("doi") || cite.containsKey("url"));
				assertEquals("MIT", rdf.get("license"));
				String readme = new String(bytes(zip, (String) rdf.get("documentation")), StandardCharsets.UTF_8);
				assertTrue(readme.contains("Final test accuracy") && readme.contains("## Confusion matrix")
					&& readme.contains("| Ankle boot |"), readme);
				assertTrue(list(rdf.get("tags")).contains("fashion-mnist"));
				BufferedImage cover = ImageIO.read(new ByteArrayInputStream(bytes(zip, (String) list(rdf.get("covers")).get(0))));
				assertEquals(2.0, cover.getWidth() / (double) cover.getHeight(), 1e-9, "cover aspect ratio 2:1");

				Map<String, Object> in = map(list(rdf.get("inputs")).get(0)), out = map(list(rdf.get("outputs")).get(0));
				assertEquals("input", in.get("id"));
				List<Map<String, Object>> axes = list(in.get("axes")).stream().map(ExportTest::map).collect(Collectors.toList());
				assertEquals(List.of("batch", "channel", "space", "space"), axes.stream().map(a -> a.get("type")).collect(Collectors.toList()));
				assertEquals(List.of("gray"), axes.get(1).get("channel_names"));
				assertEquals("y", axes.get(2).get("id"));
				assertEquals(28, axes.get(2).get("size"));
				assertEquals("x", axes.get(3).get("id"));
				assertEquals(28, axes.get(3).get("size"));
				assertEquals("probabilities", out.get("id"));
				List<Map<String, Object>> outAxes = list(out.get("axes")).stream().map(ExportTest::map).collect(Collectors.toList());
				assertEquals(List.of("batch", "channel"), outAxes.stream().map(a -> a.get("type")).collect(Collectors.toList()));
				List<Object> channels = list(outAxes.get(1).get("channel_names"));
				assertEquals(10, channels.size());
				assertEquals("T_shirt_top", channels.get(0));
				assertEquals("Ankle_boot", channels.get(9));
				for (Object ch : channels)
					assertTrue(((String) ch).matches("[A-Za-z_][A-Za-z0-9_]*"), "channel names are identifiers: " + ch);

				Map<String, Object> onnx = map(map(rdf.get("weights")).get("onnx"));
				assertTrue(((Number) onnx.get("opset_version")).intValue() >= 13);
				byte[] weights = bytes(zip, (String) onnx.get("source"));
				assertEquals(onnx.get("sha256"), BioimageioPackage.sha256(weights));
				Map<String, Object> inTensor = map(in.get("test_tensor")), outTensor = map(out.get("test_tensor"));
				byte[] inNpy = bytes(zip, (String) inTensor.get("source")), outNpy = bytes(zip, (String) outTensor.get("source"));
				assertEquals(inTensor.get("sha256"), BioimageioPackage.sha256(inNpy));
				assertEquals(outTensor.get("sha256"), BioimageioPackage.sha256(outNpy));

				// the test input, through the package's own preprocessing and weights, gives the test output
				long[][] shape = new long[1][];
				float[] x = NpyReader.readFloat32(inNpy, shape);
				assertArrayEquals(new long[] { 1, 1, 28, 28 }, shape[0]);
				assertArrayEquals(test.image(0), scaled(x, 1 / 255.0, 0), 1e-6f, "the test input is the first test image, 0-255");
				Map<String, Object> pre = map(list(in.get("preprocessing")).get(0));
				assertEquals("scale_linear", pre.get("id"));
				Map<String, Object> kw = map(pre.get("kwargs"));
				float[] y = NpyReader.readFloat32(outNpy, shape);
				assertArrayEquals(new long[] { 1, 10 }, shape[0]);
				float[] onnxY = runOnnx(weights, scaled(x, ((Number) kw.get("gain")).doubleValue(), ((Number) kw.get("offset")).doubleValue()), 1);
				assertArrayEquals(y, onnxY, (float) TOLERANCE);
				assertArrayEquals(c.probabilities(test.features(0, 1)).data().asFloat(), y, (float) TOLERANCE);
			}
		}
	}

	/** Debian's python3-onnx checker accepts both exports; PyYAML and NumPy read the package (skipped where not installed). */
	@Test
	void onnxCheckerAcceptsTheExports() throws Exception {
		Assumptions.assumeTrue(python("import onnx, yaml, numpy") == 0, "python3-onnx / python3-yaml not installed");
		for (Classifier c : List.of(mlp, cnn)) {
			Path onnx = dir.resolve(c.architecture() + "-checked.onnx"), zip = dir.resolve(c.architecture() + "-checked.zip");
			ModelExporter.export(c, ExportFormat.ONNX, onnx, s -> {}, () -> false);
			ModelExporter.export(c, ExportFormat.BIOIMAGE_IO, zip, s -> {}, () -> false);
			assertEquals(0, python("import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); "
				+ "assert m.opset_import[0].version >= 13", onnx.toString()), "onnx.checker on " + onnx);
			assertEquals(0, python("import io, yaml, zipfile, sys, numpy as np; z = zipfile.ZipFile(sys.argv[1]); "
				+ "r = yaml.safe_load(z.read('rdf.yaml')); "
				+ "assert r['format_version'].startswith('0.5.') and r['type'] == 'model' and r['weights']['onnx']['opset_version'] >= 13; "
				+ "x = np.load(io.BytesIO(z.read(r['inputs'][0]['test_tensor']['source']))); "
				+ "y = np.load(io.BytesIO(z.read(r['outputs'][0]['test_tensor']['source']))); "
				+ "assert x.dtype == np.float32 and x.shape == (1, 1, 28, 28) and 0 <= x.min() and x.max() <= 255, x; "
				+ "assert y.dtype == np.float32 and y.shape == (1, 10) and abs(y.sum() - 1) < 1e-5, y",
				zip.toString()), "PyYAML and NumPy read rdf.yaml and the test tensors of " + zip);
		}
	}

	@Test
	void badOutputsGetOneLineAndLeaveNothing() throws Exception {
		Path missing = dir.resolve("no-such-folder").resolve("m.onnx");
		IOException e = assertThrows(IOException.class, () -> ModelExporter.export(mlp, ExportFormat.ONNX, missing, s -> {}, () -> false));
		assertEquals("output_file " + missing + ": folder " + missing.getParent() + " does not exist (create it first)", e.getMessage());
		Path document = Files.writeString(dir.resolve("notes.txt"), "a document");
		e = assertThrows(IOException.class, () -> ModelExporter.export(mlp, ExportFormat.ONNX, document, s -> {}, () -> false));
		assertTrue(e.getMessage().contains("not replacing it"), e.getMessage());
		assertEquals("a document", Files.readString(document), "a typo in output_file destroys nothing");
		e = assertThrows(IOException.class, () -> ModelExporter.export(mlp, ExportFormat.BIOIMAGE_IO, document, s -> {}, () -> false));
		assertTrue(e.getMessage().contains("is not a bioimage.io package"), e.getMessage());
		e = assertThrows(IOException.class, () -> ModelExporter.export(mlp, ExportFormat.ONNX, dir, s -> {}, () -> false));
		assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
		Path again = dir.resolve("again.onnx");
		ModelExporter.export(mlp, ExportFormat.ONNX, again, s -> {}, () -> false);
		ModelExporter.export(cnn, ExportFormat.ONNX, again, s -> {}, () -> false); // an earlier export is replaced
		assertTrue(Files.size(again) > 1_000_000, "the CNN's weights replaced the MLP's");
		Path clean = Files.createDirectory(dir.resolve("cancelled"));
		assertThrows(java.util.concurrent.CancellationException.class,
			() -> ModelExporter.export(mlp, ExportFormat.BIOIMAGE_IO, clean.resolve("m.zip"), s -> {}, () -> true));
		try (Stream<Path> s = Files.list(clean)) {
			assertEquals(0, s.count(), "a cancelled export leaves no file, not even a temporary one");
		}
		assertEquals(ExportFormat.BIOIMAGE_IO, ExportFormat.parse("BioImage.IO"));
		IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ExportFormat.parse("tflite"));
		assertEquals("format must be one of ONNX, bioimage.io; got 'tflite'", bad.getMessage());
	}

	@Test
	void npyHeaderFollowsTheNumpyFormat() {
		byte[] b = Npy.float32(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
		int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
		assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes");
		assertEquals('\n', b[10 + headerLength - 1]);
		assertTrue(new String(b, 10, headerLength, StandardCharsets.US_ASCII).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"));
		long[][] shape = new long[1][];
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6 }, NpyReader.readFloat32(b, shape));
		assertArrayEquals(new long[] { 2, 3 }, shape[0]);
	}

	static int python(String code, String... args) throws Exception {
		List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-c", code));
		cmd.addAll(List.of(args));
		if (!Files.isExecutable(Path.of("/usr/bin/python3")))
			return -1;
		Process p = new ProcessBuilder(cmd).inheritIO().start();
		assertTrue(p.waitFor(2, TimeUnit.MINUTES), "python did not finish");
		return p.exitValue();
	}

	static float[] scaled(float[] x, double gain, double offset) {
		float[] y = new float[x.length];
		for (int i = 0; i < x.length; i++)
			y[i] = (float) (x[i] * gain + offset);
		return y;
	}

	static int argmax(float[] p, int row) {
		int best = 0;
		for (int k = 1; k < 10; k++)
			if (p[row * 10 + k] > p[row * 10 + best])
				best = k;
		return best;
	}

	static byte[] bytes(ZipFile zip, String name) throws IOException {
		ZipEntry e = zip.getEntry(name);
		assertNotNull(e, name + " is in the package");
		return zip.getInputStream(e).readAllBytes();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object o) {
		assertTrue(o instanceof Map, "a mapping: " + o);
		return (Map<String, Object>) o;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object o) {
		assertTrue(o instanceof List, "a list: " + o);
		return (List<Object>) o;
	}
}
