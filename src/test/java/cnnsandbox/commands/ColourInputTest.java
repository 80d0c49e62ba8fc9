package cnnsandbox.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scijava.Context;
import org.scijava.module.Module;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import cnnsandbox.data.ChannelMode;
import cnnsandbox.data.Dataset;
import cnnsandbox.data.FashionFolders;
import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.hosting.CommandRunner;
import cnnsandbox.hosting.MacroOptions;
import cnnsandbox.modelfile.ModelFile;
import cnnsandbox.training.Classifier;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;

/**
 * Colour and multi-channel input through the commands, as Fiji runs them, on real images: class folders of
 * Fashion-MNIST garments tinted by their class at one luminance (only the colour tells the class), trained with
 * channels=color and with the default grey; and an ImageJ hyperstack of 2 channels whose class is the channel the
 * garment is in.
 */
class ColourInputTest {

	@TempDir
	static Path dir;
	static Context context;
	static CommandRunner runner;
	static Path tinted, colourModel, greyModel, hyperModel;
	static Module colourRun, greyRun, hyperRun;
	static LabeledImages fashion;
	static ImagePlus hyperstack;

	static final String LAYERS = "layers=[conv 8 3, relu, maxpool 2, dense 3] epochs=3 optimizer=Adam learning_rate=0.003 batch_size=20 ";

	@BeforeAll
	static void train() throws Exception {
		assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed: apt-get install dataset-fashion-mnist");
		context = new Context();
		runner = new CommandRunner(context);
		fashion = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 2000);
		tinted = dir.resolve("tinted");
		FashionFolders.writeTinted(tinted, 100);
		colourModel = dir.resolve("colour" + ModelFile.EXTENSION);
		colourRun = run("Train Fashion Classifier", "model=Custom " + LAYERS + "channels=color data_dir=" + tinted + " model_file=" + colourModel);
		greyModel = dir.resolve("grey" + ModelFile.EXTENSION);
		greyRun = run("Train Fashion Classifier", "model=Custom " + LAYERS + "data_dir=" + tinted + " model_file=" + greyModel);
		// 2 channels, 160 positions: "first" has the garment in channel 1 (channel 2 black), "second" in channel 2
		ImageStack stack = new ImageStack(28, 28);
		for (int i = 0; i < 160; i++) {
			ij.process.ByteProcessor garment = new ij.process.ByteProcessor(FashionFolders.gray(fashion, 500 + i));
			String label = i % 2 == 0 ? "first" : "second";
			stack.addSlice(label, i % 2 == 0 ? garment : new ij.process.ByteProcessor(28, 28));
			stack.addSlice(label, i % 2 == 0 ? new ij.process.ByteProcessor(28, 28) : garment);
		}
		hyperstack = new ImagePlus("two channels", stack);
		hyperstack.setDimensions(2, 160, 1);
		hyperModel = dir.resolve("hyper" + ModelFile.EXTENSION);
		hyperRun = run("Train Fashion Classifier", "model=Custom layers=[conv 4 3, relu, maxpool 2, dense 2] epochs=3 optimizer=Adam "
			+ "learning_rate=0.003 batch_size=20 data_source=image model_file=" + hyperModel, cnnsandbox.ij1.ImagePlusAdapter.wrap(hyperstack));
	}

	@AfterAll
	static void stop() {
		if (context != null) context.dispose();
	}

	static Module run(String command, String options) {
		return run(command, options, null);
	}

	static Module run(String command, String options, Object image) {
		Map<String, Object> inputs = new HashMap<>(MacroOptions.parse(options));
		if (image != null) inputs.put("input", image);
		return runner.run(runner.find(command), inputs);
	}

	/** Runs /usr/bin/python3 -c code args (as ExportTest): its exit code, -1 without python. */
	static int python(String code, String... args) throws Exception {
		if (!Files.isExecutable(Path.of("/usr/bin/python3"))) return -1;
		List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", "-c", code));
		cmd.addAll(List.of(args));
		Process p = new ProcessBuilder(cmd).inheritIO().start();
		assertTrue(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "python did not finish");
		return p.exitValue();
	}

	static double accuracy(Module training) {
		ResultsTable log = (ResultsTable) training.getOutput("training_log");
		return log.getValue("test_accuracy", log.size() - 1);
	}

	/** An RGB stack of tinted test images beyond the training ones, each slice labelled with its tint. */
	static ImagePlus rgbStack(int n) {
		ImageStack stack = new ImageStack(28, 28);
		for (int i = 0; i < n; i++) {
			int t = i % 3;
			stack.addSlice(FashionFolders.TINTS[t], new ColorProcessor(FashionFolders.tinted(fashion, 1000 + i, t)));
		}
		return new ImagePlus("tinted", stack);
	}

	/** Only the colour tells the classes apart: channels=color learns them, the grey default (their luminance) cannot. */
	@Test
	void colourFoldersTrainAsThreeChannelsAndGreyCannotTellThem() throws Exception {
		double colour = accuracy(colourRun), grey = accuracy(greyRun);
		System.out.println("tinted folders, 60 held-out images: channels=color accuracy " + colour + ", channels=grey " + grey);
		assertTrue(colour >= 0.95, "channels=color accuracy " + colour);
		assertTrue(grey <= 0.6, "grey accuracy " + grey + ": one luminance for the three colours, near chance (0.33)");
		Classifier c = ModelFile.load(colourModel);
		assertEquals(3, c.inputChannels(), "the model file records 3 channels");
		assertArrayEquals(new long[] { 3, 3, 3, 8 }, c.parameter("conv1_W").shape(), "conv1 filters of 3 channels");
		assertEquals(ChannelMode.COLOR, c.settings().data.channels);
		assertEquals(1, ModelFile.load(greyModel).inputChannels(), "the default stays grey");
		// the held-out images classify as in training, through Classify Image on an RGB stack
		ImagePlus rgb = rgbStack(60);
		Module classify = run("Classify Image", "model_file=" + colourModel + " invert=no", cnnsandbox.ij1.ImagePlusAdapter.wrap(rgb));
		ResultsTable p = (ResultsTable) classify.getOutput("class_probabilities");
		assertEquals(60, p.size());
		int right = 0;
		for (int i = 0; i < 60; i++)
			if (p.getStringValue("label", i).equals(FashionFolders.TINTS[i % 3])) right++;
		assertTrue(right >= 55, right + " of 60 tinted images classified as their colour");
		assertEquals(ImagePlus.COLOR_RGB, ((ImagePlus) classify.getOutput("classified")).getType(), "the prepared inputs in colour");
		// Show Activations on slice 2, in colour
		Module act = run("Show Activations", "model_file=" + colourModel + " slice=2 invert=no", cnnsandbox.ij1.ImagePlusAdapter.wrap(rgb));
		assertEquals(ImagePlus.COLOR_RGB, ((ImagePlus) act.getOutput("prepared_input")).getType());
		assertEquals(8, ((ImagePlus) act.getOutput("layer_01")).getStackSize());
		// a grey model refuses nothing new: RGB still reads as luminance
		assertEquals(60, ((ResultsTable) run("Classify Image", "model_file=" + greyModel, cnnsandbox.ij1.ImagePlusAdapter.wrap(rgb))
			.getOutput("class_probabilities")).size());
	}

	/** Show Filters shows 3-channel conv1 filters in colour: each RGB pixel is its R, G, B weights on one symmetric scale. */
	@Test
	void showFiltersShowsColourFiltersAsRgb() throws Exception {
		Module m = run("Show Filters", "model_file=" + colourModel + " magnification=8");
		ImagePlus filters = (ImagePlus) m.getOutput("filters"), montage = (ImagePlus) m.getOutput("filter_montage");
		assertEquals(ImagePlus.COLOR_RGB, filters.getType());
		assertEquals(ImagePlus.COLOR_RGB, montage.getType());
		assertEquals(8, filters.getStackSize());
		assertEquals(3, filters.getWidth());
		INDArray w = ModelFile.load(colourModel).parameter("conv1_W"); // [kH, kW, C, out]
		double max = w.amaxNumber().doubleValue();
		double colourfulness = 0;
		for (int u = 0; u < 8; u++)
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 3; x++) {
					int rgb = filters.getStack().getProcessor(u + 1).get(x, y);
					int[] got = { (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff };
					for (int c = 0; c < 3; c++)
						assertEquals(Math.round(128 + 127.5 * w.getDouble(y, x, c, u) / max), got[c], 1.0, "unit " + u + " channel " + c);
					colourfulness += Math.abs(got[0] - got[2]);
				}
		// the classes differ by colour only: the filters weigh red and blue differently (grey filters would give 0)
		assertTrue(colourfulness / 72 > 10, "mean |R - B| level " + colourfulness / 72);
		// an unused montage cell is mid-grey, zero weight
		int cell = (montage.getWidth() + cnnsandbox.outputs.FilterOutputs.GAP) / 3;
		assertEquals(0x808080, montage.getProcessor().get(2 * cell + cell / 2, 2 * cell + cell / 2) & 0xffffff);
	}

	/** Visualize Neuron of a colour model makes a colour image: the red class's image is reddest. */
	@Test
	void visualizeNeuronMakesAColourImage() {
		Module m = run("Visualize Neuron", "model_file=" + colourModel + " mode=class target_class=red steps=60 start=zero");
		ImagePlus img = (ImagePlus) m.getOutput("neuron_image");
		assertEquals(ImagePlus.COLOR_RGB, img.getType());
		long[] sum = new long[3];
		int[] px = (int[]) img.getProcessor().getPixels();
		for (int v : px) {
			sum[0] += (v >> 16) & 0xff;
			sum[1] += (v >> 8) & 0xff;
			sum[2] += v & 0xff;
		}
		assertTrue(sum[0] > sum[1] && sum[0] > sum[2], "R, G, B sums " + java.util.Arrays.toString(sum));
	}

	/** Export: ONNX input [N, 3, 28, 28], ONNX Runtime agrees with the engine; onnx.checker and the bioimage.io axes. */
	@Test
	void exportOfAColourModelTakesNByThreeChannels() throws Exception {
		Path onnx = dir.resolve("colour.onnx"), zip = dir.resolve("colour-bioimageio.zip");
		run("Export Model", "model_file=" + colourModel + " format=ONNX output_file=" + onnx);
		Classifier c = ModelFile.load(colourModel);
		Dataset.Options o = new Dataset.Options();
		o.channels = ChannelMode.COLOR;
		LabeledImages test = Dataset.load(tinted, o, 1).test;
		float[] ours = c.probabilities(test.features(0, test.n)).data().asFloat();
		OrtEnvironment ort = OrtEnvironment.getEnvironment();
		try (OrtSession session = ort.createSession(onnx.toString(), new OrtSession.SessionOptions());
			OnnxTensor x = OnnxTensor.createTensor(ort, FloatBuffer.wrap(test.pixels), new long[] { test.n, 3, 28, 28 });
			OrtSession.Result r = session.run(Map.of("input", x))) {
			assertArrayEquals(new long[] { -1, 3, 28, 28 }, ((TensorInfo) session.getInputInfo().get("input").getInfo()).getShape());
			float[][] q = (float[][]) r.get("probabilities").get().getValue();
			double maxDiff = 0;
			for (int i = 0; i < test.n; i++)
				for (int k = 0; k < 3; k++)
					maxDiff = Math.max(maxDiff, Math.abs(q[i][k] - ours[i * 3 + k]));
			System.out.println("colour model: ONNX Runtime vs the engine on " + test.n + " images, max |dp| = " + maxDiff);
			assertTrue(maxDiff <= 1e-5, "max |dp| " + maxDiff);
		}
		// Import Model takes the [N, 3, H, W] graph back: the same probabilities
		Path back = dir.resolve("back" + ModelFile.EXTENSION);
		run("Import Model", "input_file=" + onnx + " output_file=" + back);
		Classifier imported = ModelFile.load(back);
		assertEquals(3, imported.inputChannels());
		assertArrayEquals(ours, imported.probabilities(test.features(0, test.n)).data().asFloat(), 1e-6f);
		// the misclassified stack of a colour data set is in colour (the grey model misclassifies most of them)
		Classifier grey = ModelFile.load(greyModel);
		LabeledImages greyTest = Dataset.load(tinted, new Dataset.Options(), 1).test;
		ImagePlus wrong = cnnsandbox.outputs.TestImageStacks.misclassified(test, grey.predict(greyTest.features(0, greyTest.n)),
			c.classNames(), 10);
		assertEquals(ImagePlus.COLOR_RGB, wrong.getType());
		assertEquals(10, wrong.getStackSize());
		run("Export Model", "model_file=" + colourModel + " format=bioimage.io output_file=" + zip);
		assumeTrue(python("import onnx, yaml, numpy") == 0, "python3-onnx / python3-yaml not installed");
		assertEquals(0, python("import onnx, sys; m = onnx.load(sys.argv[1]); "
			+ "onnx.checker.check_model(m, full_check=True); "
			+ "d = [x.dim_value for x in m.graph.input[0].type.tensor_type.shape.dim]; assert d[1:] == [3, 28, 28], d", onnx.toString()));
		assertEquals(0, python("import io, yaml, zipfile, sys, numpy as np; z = zipfile.ZipFile(sys.argv[1]); "
			+ "r = yaml.safe_load(z.read('rdf.yaml')); a = r['inputs'][0]['axes']; "
			+ "assert a[1]['channel_names'] == ['red', 'green', 'blue'], a; "
			+ "x = np.load(io.BytesIO(z.read(r['inputs'][0]['test_tensor']['source']))); assert x.shape == (1, 3, 28, 28), x.shape",
			zip.toString()));
		// PyTorch reads [N, 3, H, W] as we do: its Conv2d(3, 8, 3, padding=1) with the graph's weights gives the package's
		// test output from its test input (R, G, B in PyTorch's channel order)
		assumeTrue(python("import torch") == 0, "python3-torch not installed");
		assertEquals(0, python("import io, zipfile, sys, onnx, numpy as np, torch, torch.nn.functional as F; "
			+ "from onnx import numpy_helper as nh; z = zipfile.ZipFile(sys.argv[1]); "
			+ "w = {t.name: torch.from_numpy(nh.to_array(t).copy()) for t in onnx.load_from_string(z.read('model.onnx')).graph.initializer}; "
			+ "x = torch.from_numpy(np.load(io.BytesIO(z.read('test_input.npy'))) / 255.0).float(); "
			+ "y = np.load(io.BytesIO(z.read('test_output.npy'))); "
			+ "h = F.max_pool2d(F.relu(F.conv2d(x, w['conv1_W'], w['conv1_b'], padding=1)), 2); "
			+ "p = F.softmax(h.flatten(1) @ w['fc1_W'] + w['fc1_b'], dim=1).detach().numpy(); "
			+ "d = abs(p - y).max(); print('colour model: PyTorch vs the exported test output, max |dp| =', d); assert d < 1e-5, d",
			zip.toString()));
	}

	/** A 2-channel ImageJ hyperstack trains as 2 channels; Show Filters and Classify Image take its channels. */
	@Test
	void aTwoChannelHyperstackTrains() throws Exception {
		double acc = accuracy(hyperRun);
		System.out.println("2-channel hyperstack, 32 held-out positions: accuracy " + acc);
		assertTrue(acc >= 0.95, "accuracy " + acc);
		Classifier c = ModelFile.load(hyperModel);
		assertEquals(2, c.inputChannels());
		assertEquals(List.of("first", "second"), c.classNames());
		assertArrayEquals(new long[] { 3, 3, 2, 4 }, c.parameter("conv1_W").shape());
		ImagePlus filters = (ImagePlus) run("Show Filters", "model_file=" + hyperModel).getOutput("filters");
		assertEquals(2, filters.getNChannels(), "one channel per input channel");
		assertEquals(4, filters.getNSlices(), "one slice per filter");
		ImagePlus montage = (ImagePlus) run("Show Filters", "model_file=" + hyperModel).getOutput("filter_montage");
		assertEquals(2, montage.getNChannels());
		Module classify = run("Classify Image", "model_file=" + hyperModel + " invert=no", cnnsandbox.ij1.ImagePlusAdapter.wrap(hyperstack));
		ResultsTable p = (ResultsTable) classify.getOutput("class_probabilities");
		assertEquals(160, p.size(), "one row per position, not per plane");
		int right = 0;
		for (int i = 0; i < 160; i++)
			if (p.getStringValue("label", i).equals(i % 2 == 0 ? "first" : "second")) right++;
		assertTrue(right >= 152, right + " of 160");
		assertEquals(2, ((ImagePlus) classify.getOutput("classified")).getNChannels());
		// a grey image is refused by a 2-channel model with what to do
		CommandContextTest.assertMessage("the model takes images of 2 channels; this image has 1", () -> run("Classify Image",
			"model_file=" + hyperModel, net.imglib2.img.array.ArrayImgs.unsignedBytes(28, 28, 3)));
	}

	/**
	 * Explain Classification on C-channel models: one map per image (the sum of its channels' attributions), so
	 * integrated gradients stay complete (sum = log p(target | x) - log p(target | black) within 1 % on every image);
	 * every method runs on an RGB stack, and a hyperstack gives one map per position.
	 */
	@Test
	void explainClassificationExplainsColourModels() throws Exception {
		ImagePlus rgb = rgbStack(12);
		Module ig = run("Explain Classification", "model_file=" + colourModel + " invert=no method=integrated_gradients steps=64",
			cnnsandbox.ij1.ImagePlusAdapter.wrap(rgb));
		ResultsTable t = (ResultsTable) ig.getOutput("explanation");
		assertEquals(12, t.size());
		ImagePlus map = (ImagePlus) ig.getOutput("attribution");
		assertEquals(12, map.getStackSize());
		assertEquals(1, map.getNChannels(), "one map per image, not per channel");
		Classifier c = ModelFile.load(colourModel);
		float[] black = c.probabilities(org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, 28, 28)).data().asFloat();
		for (int i = 0; i < 12; i++) {
			int target = c.classNames().indexOf(t.getStringValue("target", i));
			double delta = Math.log(t.getValue("target_probability", i)) - Math.log(black[target]);
			assertEquals(delta, t.getValue("attribution_sum", i), 0.01 * Math.abs(delta) + 1e-4, "slice " + (i + 1));
		}
		// target=red: the predicted class's p is 1 in float32 on most of these images, which no window changes
		for (String method : new String[] { "gradient", "smoothgrad samples=4", "occlusion", "gradcam", "hirescam" }) {
			Module m = run("Explain Classification", "model_file=" + colourModel + " invert=no target=red method=" + method,
				cnnsandbox.ij1.ImagePlusAdapter.wrap(rgb));
			ImagePlus maps = (ImagePlus) m.getOutput("attribution");
			assertEquals(12, maps.getStackSize(), method);
			assertEquals(12, ((ImagePlus) m.getOutput("attribution_overlay")).getStackSize(), method);
			double norm = 0;
			for (int s = 1; s <= 12; s++)
				for (float v : (float[]) maps.getStack().getProcessor(s).getPixels()) {
					assertTrue(Float.isFinite(v), method);
					norm += Math.abs(v);
				}
			assertTrue(norm > 0, method + ": maps that say something");
		}
		Module h = run("Explain Classification", "model_file=" + hyperModel + " invert=no method=gradient",
			cnnsandbox.ij1.ImagePlusAdapter.wrap(hyperstack));
		assertEquals(160, ((ResultsTable) h.getOutput("explanation")).size(), "one row per hyperstack position");
		assertEquals(160, ((ImagePlus) h.getOutput("attribution_overlay")).getStackSize());
	}
}
