package cnnsandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/** The headless command line, as a batch user calls it: files in, files out, a one-line reason on error. */
class CliTest {

	final ByteArrayOutputStream out = new ByteArrayOutputStream();
	final ByteArrayOutputStream err = new ByteArrayOutputStream();

	int cli(String... args) {
		return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
	}

	static List<String> files(Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void deblursTheSampleSignalIntoNamedFiles(@TempDir Path dir) throws Exception {
		int status = cli("--run", "Deblur Signal", "sigma=30 iterations=101 log_every=50 input=sample-images/workshop-signal.tif",
			"--output", dir.toString());
		assertEquals(0, status, err.toString());
		assertEquals(List.of("Deblur Loss.csv", "Deblur Plot.png", "Deblurred.tif", "Reblurred.tif", "Snapshots.tif"), files(dir));
		ImagePlus x = IJ.openImage(dir.resolve("Deblurred.tif").toString());
		assertEquals(601, x.getWidth());
		assertEquals(0.01, x.getCalibration().pixelWidth, 1e-12, "calibration carried over, and used as dx");
		List<String> csv = Files.readAllLines(dir.resolve("Deblur Loss.csv"));
		assertEquals("iteration,loss,max_abs_x,seconds", csv.get(0));
		assertEquals(1.90338, Double.parseDouble(csv.get(1).split(",")[1]), 0.01, "dx = 0.01 from the file's calibration");
		assertTrue(out.toString().contains("# Deblur Loss"), "the table is printed too");
	}

	@Test
	void psfAndGroundTruthAreGivenAsPaths(@TempDir Path dir) throws Exception {
		// the chart sample blurred with sigma 2, plus noise: a noisy image goes to the regularised solver
		ImagePlus blurred = IJ.openImage("sample-images/chart-blurred-sigma2.tif");
		ij.process.FloatProcessor noisy = blurred.getProcessor().convertToFloatProcessor();
		java.util.Random rnd = new java.util.Random(1);
		float[] px = (float[]) noisy.getPixels();
		for (int i = 0; i < px.length; i++) px[i] += (float) (0.02 * rnd.nextGaussian());
		Path input = dir.resolve("noisy.tif");
		IJ.saveAsTiff(new ImagePlus("noisy", noisy), input.toString());
		double[] taps = cnnsandbox.deblur.GaussianKernel.taps(2);
		ij.process.FloatProcessor psf = new ij.process.FloatProcessor(taps.length, taps.length);
		for (int r = 0; r < taps.length; r++)
			for (int c = 0; c < taps.length; c++) psf.setf(c, r, (float) (taps[r] * taps[c]));
		Path psfFile = dir.resolve("psf.tif");
		IJ.saveAsTiff(new ImagePlus("psf", psf), psfFile.toString());
		Path outDir = dir.resolve("out");
		int status = cli("--run", "Deblur Signal", "psf=" + psfFile + " ground_truth=sample-images/chart-sharp.tif",
			"--input", input.toString(), "--output", outDir.toString());
		assertEquals(0, status, err.toString());
		List<String> csv = Files.readAllLines(outDir.resolve("Deblur Loss.csv"));
		assertEquals("iteration,loss,max_abs_x,seconds,psnr,ssim,noise_sd,weight,stopped", csv.get(0));
		String[] last = csv.get(csv.size() - 1).split(",");
		assertTrue(Double.parseDouble(last[4]) > Double.parseDouble(csv.get(1).split(",")[4]), "PSNR rises: " + csv);
		assertTrue(last[8].contains("changed by"), last[8]);
	}

	@Test
	void errorsAreOneLineWithNonZeroStatusAndWriteNothing(@TempDir Path dir) throws Exception {
		String[][] bad = {
			{ "--run", "Deblur Signal", "sigma=0 input=sample-images/workshop-signal.tif", "--output", dir.toString() },
			{ "--run", "Deblur Signal", "iterations=0 input=sample-images/workshop-signal.tif", "--output", dir.toString() },
			{ "--run", "Deblur Signal", "metric=Fancy input=sample-images/workshop-signal.tif", "--output", dir.toString() },
			{ "--run", "Deblur Signal", "input=no/such/file.tif", "--output", dir.toString() },
			{ "--run", "Deblur Signal", "sigma=3", "--output", dir.toString() },
			{ "--run", "Deblurr Signal", "sigma=3", "--output", dir.toString() },
		};
		for (String[] args : bad) {
			err.reset();
			assertEquals(1, cli(args), String.join(" ", args));
			String message = err.toString().trim();
			assertTrue(message.startsWith("Error: ") && !message.contains("\n\tat "), message);
		}
		assertTrue(files(dir).isEmpty(), "nothing written: " + files(dir));
		assertFalse(err.toString().isEmpty());
	}

	@Test
	void trainsAndExportsAModelToOnnx(@TempDir Path dir) throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(cnnsandbox.data.FashionMnist.DEFAULT_DIR), "no Fashion-MNIST");
		Path model = dir.resolve("tiny.cnnsandbox.zip"), onnx = dir.resolve("model.onnx");
		assertEquals(0, cli("--run", "Train Fashion Classifier", "model=MLP epochs=1 train_limit=1000 test_limit=100 model_file=" + model),
			err.toString());
		assertEquals(0, cli("--run", "Export Model", "model_file=" + model + " format=ONNX output_file=" + onnx), err.toString());
		assertTrue(out.toString().contains("message: Exported MLP model to " + onnx), out.toString());
		ai.onnxruntime.OrtEnvironment ort = ai.onnxruntime.OrtEnvironment.getEnvironment();
		try (ai.onnxruntime.OrtSession session = ort.createSession(onnx.toString(), new ai.onnxruntime.OrtSession.SessionOptions())) {
			assertEquals(java.util.Set.of("input"), session.getInputNames());
			assertEquals(java.util.Set.of("probabilities"), session.getOutputNames());
		}
		err.reset();
		Path text = Files.writeString(dir.resolve("notes.txt"), "not a model");
		assertEquals(1, cli("--run", "Export Model", "model_file=" + text + " format=ONNX output_file=" + dir.resolve("x.onnx")));
		assertTrue(err.toString().trim().startsWith("Error: ") && err.toString().trim().lines().count() == 1, err.toString());
		err.reset();
		assertEquals(1, cli("--run", "Export Model", "model_file=" + model + " format=ONNX output_file=" + dir.resolve("no/dir/x.onnx")));
		assertTrue(err.toString().trim().startsWith("Error: output_file ") && err.toString().trim().lines().count() == 1, err.toString());
		assertEquals(List.of("model.onnx", "notes.txt", "tiny.cnnsandbox.zip"), files(dir), "nothing else written");
	}

	@Test
	void theThreadsOptionHoldsInTheCliAndIsBounded() {
		int before = cnnsandbox.backend.Threads.setting();
		try {
			assertEquals(0, cli("--run", "CNN Sandbox Options", "threads=1"), err.toString());
			assertEquals(1, cnnsandbox.backend.Threads.setting(), "threads=1 holds, as in Fiji");
			for (String bad : new String[] { "threads=-1", "threads=100000" }) {
				err.reset();
				assertEquals(1, cli("--run", "CNN Sandbox Options", bad), bad);
				assertTrue(err.toString().contains("threads must be"), err.toString());
				assertEquals(1, cnnsandbox.backend.Threads.setting(), bad + " stores nothing");
			}
		}
		finally {
			cli("--run", "CNN Sandbox Options", "threads=" + before); // the stored preference too
		}
	}

	@Test
	void aSecondRunOutputOrInputIsRefused() {
		for (String[] args : new String[][] { { "--run", "Deblur Signal", "sigma=3", "--run", "Show Filters" },
			{ "--run", "Deblur Signal", "--output", "a", "--output", "b" }, { "--run", "Deblur Signal", "--input", "a.tif", "--input", "b.tif" } }) {
			err.reset();
			assertEquals(1, cli(args), String.join(" ", args));
			assertTrue(err.toString().contains("given twice"), err.toString());
		}
	}

	@Test
	void aMessageAboutTheInputImageNamesItsFile(@TempDir Path dir) throws Exception {
		ij.process.FloatProcessor fp = new ij.process.FloatProcessor(64, 64);
		fp.setf(3, 5, Float.NaN);
		Path nan = dir.resolve("nan.tif");
		new ij.io.FileSaver(new ImagePlus("nan", fp)).saveAsTiff(nan.toString());
		err.reset();
		assertEquals(1, cli("--run", "Deblur Signal", "iterations=3 input=" + nan));
		assertTrue(err.toString().contains("input image " + nan) && err.toString().contains("NaN"), err.toString());
	}

	@Test
	void helpListsTheCommandsAndEachCommandsKeysWithTypeDefaultAndMeaning() {
		assertEquals(0, cli("--help"), err.toString());
		String tool = out.toString();
		assertTrue(tool.contains("usage: cnn-sandbox --run") && tool.contains("Train Fashion Classifier: Trains an image classifier"), tool);
		out.reset();
		assertEquals(0, cli("--help", "Deblur Signal"), err.toString());
		String deblur = out.toString();
		assertTrue(deblur.contains("sigma          number, default 30.0\n                 Gaussian blur sigma, in pixels"), deblur);
		assertTrue(deblur.contains("metric         one of L2 | Sobolev | Preconditioned, default L2"), deblur);
		assertTrue(deblur.contains("Deblur Loss.csv"), deblur);
		err.reset();
		assertEquals(1, cli("--help", "Deblurr Signal"));
		assertTrue(err.toString().startsWith("Error: no command 'Deblurr Signal'; available: "), err.toString());
	}

	@Test
	void aPathThatCannotBeAFileNameSaysWhatToDo() {
		err.reset();
		assertEquals(1, cli("--run", "Deblur Signal", "iterations=3 input=sample-images/workshop-signal.tif", "--output", "out\u0000put"));
		assertTrue(err.toString().contains("cannot be used as a file name") && err.toString().contains("give another"), err.toString());
	}
}
