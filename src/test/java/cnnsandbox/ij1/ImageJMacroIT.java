package cnnsandbox.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * A real ImageJ 1.x, started from {@code target/app} under Xvfb, loads the plugin from {@code plugins.config} and
 * runs our commands from macros, exactly as a user's batch macro would.
 */
class ImageJMacroIT {

	static Path app;

	@BeforeAll
	static void locateApp() {
		app = Paths.get(System.getProperty("app.dir", "target/app")).toAbsolutePath();
		assertTrue(Files.isDirectory(app.resolve("plugins")), "run 'mvn package' first: " + app + " has no plugins/");
	}

	/** Runs {@code macro} in ImageJ with {@code -batch} and returns what it printed. */
	static String runMacro(String macro, Path dir) throws IOException, InterruptedException {
		Path file = dir.resolve("test.ijm");
		Files.write(file, macro.getBytes(StandardCharsets.UTF_8));
		File ij = Files.list(app.resolve("jars")).filter(p -> p.getFileName().toString().matches("ij-[0-9].*\\.jar"))
			.findFirst().orElseThrow().toFile();
		List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a", "java", "-Xmx2g", "-jar", ij.getPath(), "-ijpath",
			app.toString(), "-batch", file.toString()));
		Path log = dir.resolve("imagej.log");
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		boolean finished = p.waitFor(5, TimeUnit.MINUTES);
		if (!finished) p.descendants().forEach(ProcessHandle::destroyForcibly);
		p.destroyForcibly();
		String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		assertTrue(finished, "ImageJ did not finish within 5 minutes (a modal dialog?): " + out);
		return out;
	}

	@Test
	void deblurSignalFromAMacro(@TempDir Path dir) throws Exception {
		Path sample = Paths.get("sample-images/workshop-signal.tif").toAbsolutePath();
		String macro = String.join("\n",
			"List.setCommands;",
			"print(\"menu: \" + List.get(\"Deblur Signal\"));",
			"open(\"" + sample + "\");",
			"run(\"Deblur Signal\", \"sigma=30 iterations=2501\");",
			"selectImage(\"Deblurred\");",
			"saveAs(\"Tiff\", \"" + dir.resolve("deblurred.tif") + "\");",
			"Table.save(\"" + dir.resolve("loss.csv") + "\", \"Deblur Loss\");",
			"print(\"done\");");
		String out = runMacro(macro, dir);
		assertTrue(out.contains("menu: cnnsandbox.ij1.RunCommand(\"Deblur Signal\")"), out);
		ImagePlus x = IJ.openImage(dir.resolve("deblurred.tif").toString());
		assertEquals(601, x.getWidth(), out);
		assertEquals(0.01, x.getCalibration().pixelWidth, 1e-9, "the output keeps the input's calibration");
		List<String> loss = Files.readAllLines(dir.resolve("loss.csv"));
		assertTrue(loss.get(0).contains("iteration") && loss.get(0).contains("loss"), loss.get(0));
		String[] at2500 = loss.get(2).split(",");
		assertEquals(0.18382, Double.parseDouble(at2500[1]), 0.005 * 0.18382, "workshop loss at iteration 2500: " + loss);
	}

	@Test
	void deblurSignalTakesGroundTruthByTitle(@TempDir Path dir) throws Exception {
		Path blurred = Paths.get("sample-images/chart-blurred-sigma2.tif").toAbsolutePath();
		Path sharp = Paths.get("sample-images/chart-sharp.tif").toAbsolutePath();
		String macro = String.join("\n",
			"open(\"" + sharp + "\"); rename(\"sharp\");",
			"open(\"" + blurred + "\"); rename(\"blurred\");",
			"run(\"Add Specified Noise...\", \"standard=0.02\");",
			"run(\"Deblur Signal\", \"sigma=2 ground_truth=sharp\");",
			"Table.save(\"" + dir.resolve("loss.csv") + "\", \"Deblur Loss\");",
			"print(\"done\");");
		String out = runMacro(macro, dir);
		List<String> loss = Files.readAllLines(dir.resolve("loss.csv"));
		assertTrue(loss.get(0).contains("psnr") && loss.get(0).contains("stopped"), loss.get(0) + "\n" + out);
	}

	@Test
	void badParameterStopsTheMacroWithAMessage(@TempDir Path dir) throws Exception {
		Path sample = Paths.get("sample-images/workshop-signal.tif").toAbsolutePath();
		String macro = String.join("\n",
			"open(\"" + sample + "\");",
			"run(\"Deblur Signal\", \"sigma=-1 iterations=10\");",
			"print(\"after\");",
			"saveAs(\"Tiff\", \"" + dir.resolve("should-not-exist.tif") + "\");");
		String out = runMacro(macro, dir);
		assertTrue(out.contains("sigma"), out);
		assertTrue(!Files.exists(dir.resolve("should-not-exist.tif")), "the macro must stop at the error: " + out);
	}

	@Test
	void trainClassifyAndVisualizeFromAMacro(@TempDir Path dir) throws Exception {
		Path model = dir.resolve("mlp.cnnsandbox.zip");
		Path stack = Paths.get("sample-images/fashion-test-100.tif").toAbsolutePath();
		String macro = String.join("\n",
			"List.setCommands;",
			"print(\"menu: \" + List.get(\"Train Fashion Classifier\") + \" \" + List.get(\"Visualize Neuron\"));",
			"run(\"Train Fashion Classifier\", \"model=MLP epochs=1 batch_size=50 optimizer=Adam learning_rate=0.001 "
				+ "train_limit=2000 test_limit=500 model_file=[" + model + "]\");",
			"Table.save(\"" + dir.resolve("log.csv") + "\", \"Training Log\");",
			"open(\"" + stack + "\");",
			"run(\"Classify Image\", \"model_file=[" + model + "] top_k=2\");",
			"Table.save(\"" + dir.resolve("p.csv") + "\", \"Class Probabilities\");",
			"run(\"Visualize Neuron\", \"model_file=[" + model + "] mode=class target_class=Trouser steps=50\");",
			"selectImage(\"Neuron Image\");",
			"saveAs(\"Tiff\", \"" + dir.resolve("trouser.tif") + "\");",
			"run(\"Export Model\", \"model_file=[" + model + "] format=bioimage.io output_file=[" + dir.resolve("mlp package.zip") + "]\");",
			"print(\"done\");");
		String out = runMacro(macro, dir);
		assertTrue(out.contains("cnnsandbox.ij1.RunCommand(\"Train Fashion Classifier\")"), out);
		assertTrue(Files.size(model) > 0, out);
		assertEquals(3, Files.readAllLines(dir.resolve("log.csv")).size(), "header + epochs 0 and 1: " + out);
		assertEquals(101, Files.readAllLines(dir.resolve("p.csv")).size(), "header + 100 slices: " + out);
		assertEquals(28, IJ.openImage(dir.resolve("trouser.tif").toString()).getWidth(), out);
		try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(dir.resolve("mlp package.zip").toFile())) {
			assertTrue(zip.getEntry("rdf.yaml") != null && zip.getEntry("model.onnx") != null, out);
		}
	}

	/** A class-folder dataset of real images (Fashion-MNIST test images as PNG files) trains and classifies from a macro. */
	@Test
	void classFoldersTrainAndClassifyFromAMacro(@TempDir Path dir) throws Exception {
		Path data = dir.resolve("clothes");
		List<String> classes = cnnsandbox.data.FashionFolders.write(data, 3, 100);
		Path model = dir.resolve("folders.cnnsandbox.zip");
		Path trouser;
		try (var files = Files.list(data.resolve("Trouser"))) {
			trouser = files.sorted().findFirst().orElseThrow();
		}
		String macro = String.join("\n",
			"run(\"Train Fashion Classifier\", \"model=Custom layers=[conv 8 5, relu, maxpool 2, dense 3] epochs=4 optimizer=Adam "
				+ "learning_rate=0.003 batch_size=25 data_dir=[" + data + "] model_file=[" + model + "]\");",
			"Table.save(\"" + dir.resolve("log.csv") + "\", \"Training Log\");",
			"open(\"" + trouser + "\");",
			"run(\"Classify Image\", \"model_file=[" + model + "]\");",
			"Table.save(\"" + dir.resolve("p.csv") + "\", \"Class Probabilities\");",
			"run(\"Show Activations\", \"model_file=[" + model + "]\");",
			"selectImage(\"Activations 01 conv1\");",
			"print(\"conv1 slices: \" + nSlices);",
			"print(\"done\");");
		String out = runMacro(macro, dir);
		assertTrue(out.contains("done"), out);
		List<String> log = Files.readAllLines(dir.resolve("log.csv"));
		assertEquals(6, log.size(), "header + epochs 0 to 4: " + out);
		double accuracy = Double.parseDouble(log.get(5).split(",")[4]);
		assertTrue(accuracy > 0.8, "3 classes of 100 real images, 20 % held out: accuracy " + accuracy);
		List<String> p = Files.readAllLines(dir.resolve("p.csv"));
		assertTrue(p.get(0).contains(classes.get(0)) && p.get(0).contains("Trouser"), p.get(0));
		assertTrue(p.get(1).contains("Trouser"), "a trouser image is classified Trouser: " + p);
		assertTrue(out.contains("conv1 slices: 8"), out);
	}

	/** The open stack as the data: its slice labels name the classes (data_source=image), from a macro. */
	@Test
	void anOpenLabelledStackTrainsFromAMacro(@TempDir Path dir) throws Exception {
		cnnsandbox.data.LabeledImages test = cnnsandbox.data.FashionMnist.load(cnnsandbox.data.FashionMnist.DEFAULT_DIR, false, 600);
		ij.ImageStack stack = new ij.ImageStack(28, 28);
		for (int i = 0; i < test.n; i++)
			if (test.labels[i] == 1 || test.labels[i] == 7)
				stack.addSlice(test.labels[i] == 1 ? "trouser" : "sneaker", new ij.process.ByteProcessor(cnnsandbox.data.FashionFolders.gray(test, i)));
		Path tif = dir.resolve("labelled.tif");
		IJ.saveAsTiff(new ImagePlus("labelled", stack), tif.toString());
		Path model = dir.resolve("stack.cnnsandbox.zip");
		String macro = String.join("\n",
			"open(\"" + tif + "\");",
			"run(\"Train Fashion Classifier\", \"model=MLP hidden=20 data_source=image epochs=3 optimizer=Adam learning_rate=0.003 "
				+ "batch_size=20 model_file=[" + model + "]\");",
			"Table.save(\"" + dir.resolve("cm.csv") + "\", \"Confusion Matrix\");",
			"print(\"done\");");
		String out = runMacro(macro, dir);
		assertTrue(out.contains("done"), out);
		List<String> cm = Files.readAllLines(dir.resolve("cm.csv"));
		assertEquals("true_class,sneaker,trouser,recall", cm.get(0), out);
		assertEquals(3, cm.size(), out);
	}

	/**
	 * Training in ImageJ with its window (not -batch): the status bar shows the epoch, the batch and the time left
	 * while it runs, and the Log window holds the epoch lines (read by {@link StatusBarProbe} in that ImageJ).
	 */
	@Test
	void trainingShowsProgressInTheStatusBarAndEpochsInTheLog(@TempDir Path dir) throws Exception {
		File ij = Files.list(app.resolve("jars")).filter(p -> p.getFileName().toString().matches("ij-[0-9].*\\.jar"))
			.findFirst().orElseThrow().toFile();
		String classes = Paths.get("target/test-classes").toAbsolutePath().toString();
		List<String> cmd = List.of("xvfb-run", "-a", "java", "-Xmx2g", "-cp", ij.getPath() + File.pathSeparator + classes,
			StatusBarProbe.class.getName(), app.toString(), "Train Fashion Classifier",
			"model=MLP epochs=2 batch_size=50 train_limit=3000 test_limit=500");
		Path log = dir.resolve("probe.log");
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		boolean finished = p.waitFor(5, TimeUnit.MINUTES);
		if (!finished) p.descendants().forEach(ProcessHandle::destroyForcibly);
		p.destroyForcibly();
		String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		assertTrue(finished, "ImageJ did not finish within 5 minutes: " + out);
		assertTrue(out.lines().anyMatch(l -> l.matches("status: Training MLP: epoch 2/2, batch \\d+/60, ~\\d+ s left")),
			"the status bar shows epoch, batch and time left: " + out);
		for (int epoch = 0; epoch <= 2; epoch++) {
			int e = epoch;
			assertTrue(out.lines().anyMatch(l -> l.startsWith("log: Epoch " + e + "/2: Time Elapsed:") && l.contains("Test accuracy: ")),
				"the Log window holds epoch " + e + ": " + out);
		}
	}

	/**
	 * The longest dialog (Train Fashion Classifier, 26 keys: 1,150 pixels of fields) on a laptop's 1280 x 800 screen:
	 * it fits, and its OK button is on the screen (the fields scroll; ImageJ's GenericDialog alone grows past the
	 * bottom edge). Read by {@link DialogProbe} in that ImageJ.
	 */
	@Test
	void theTallestDialogFitsOnALaptopScreen(@TempDir Path dir) throws Exception {
		File ij = Files.list(app.resolve("jars")).filter(p -> p.getFileName().toString().matches("ij-[0-9].*\\.jar"))
			.findFirst().orElseThrow().toFile();
		String classes = Paths.get("target/test-classes").toAbsolutePath().toString();
		List<String> cmd = List.of("xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "java", "-Xmx1g", "-cp",
			ij.getPath() + File.pathSeparator + classes, DialogProbe.class.getName(), app.toString(), "Train Fashion Classifier");
		Path log = dir.resolve("probe.log");
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		boolean finished = p.waitFor(2, TimeUnit.MINUTES);
		if (!finished) p.descendants().forEach(ProcessHandle::destroyForcibly);
		p.destroyForcibly();
		String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		assertTrue(finished, "ImageJ did not finish within 2 minutes: " + out);
		int[] dialog = numbers(out, "dialog: "), ok = numbers(out, "OK: ");
		assertTrue(dialog[1] >= 0 && dialog[1] + dialog[3] <= 800, "the dialog fits on the 800-pixel screen: " + out);
		assertTrue(ok[1] >= 0 && ok[1] + ok[3] <= 800, "its OK button is on the screen: " + out);
	}

	private static int[] numbers(String out, String prefix) {
		String line = out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + out));
		return java.util.Arrays.stream(line.substring(prefix.length()).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
	}
}
