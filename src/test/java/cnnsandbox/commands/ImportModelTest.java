package cnnsandbox.commands;

import static cnnsandbox.commands.CommandContextTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.scijava.module.Module;

import cnnsandbox.modelfile.ModelFile;
import cnnsandbox.training.Classifier;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Import Model from bioimage.io packages: the sandbox's own package (Export Model) comes back with its channel names
 * as class names; a package whose preprocessing differs (rewritten with python3-yaml) gives a model that Classify
 * Image feeds as the preprocessing says; Explain Classification runs on an imported model; bad packages are refused
 * in one line and leave no file.
 */
class ImportModelTest {

	static final int N = 50;

	static Img<UnsignedByteType> stack(FashionFixtures f) {
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(28, 28, N);
		int i = 0;
		for (UnsignedByteType t : img) t.set(Math.round(f.test.pixels[i++] * 255));
		return img;
	}

	/** Classify Image's probabilities (its table gives percent with 2 decimals: 5e-5 apart at most by rounding). */
	static float[] probabilities(FashionFixtures f, Path model, List<String> names) {
		ResultsTable t = (ResultsTable) f.run("Classify Image", "model_file=" + model + " invert=no", stack(f)).getOutput("class_probabilities");
		float[] p = new float[N * names.size()];
		for (int i = 0; i < N; i++)
			for (int c = 0; c < names.size(); c++) p[i * names.size() + c] = (float) (t.getValue(names.get(c), i) / 100); // in percent
		return p;
	}

	static double maxDifference(float[] a, float[] b) {
		double d = 0;
		for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
		return d;
	}

	/** The package's rdf.yaml rewritten by python3-yaml: {@code edit} is Python on the parsed dict {@code r}. */
	static void editRdf(Path rdf, String edit) throws Exception {
		String script = "import yaml,sys\nr=yaml.safe_load(open(sys.argv[1]))\n" + edit + "\nyaml.safe_dump(r,open(sys.argv[1],'w'))\n";
		Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, rdf.toString()).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes());
		assertEquals(0, p.waitFor(), out);
	}

	static void unzip(Path zip, Path dir) throws IOException {
		try (ZipFile z = new ZipFile(zip.toFile())) {
			for (ZipEntry e : java.util.Collections.list(z.entries())) Files.copy(z.getInputStream(e), dir.resolve(e.getName()));
		}
	}

	@Test
	void aBioimageioPackageComesBackWithItsChannelNamesAndPreprocessing(@TempDir Path dir) throws Exception {
		FashionFixtures f = FashionFixtures.get();
		Path zip = dir.resolve("cnn-bioimageio.zip"), back = dir.resolve("back.cnnsandbox.zip");
		f.run("Export Model", "model_file=" + f.cnn + " format=bioimage.io output_file=" + zip);
		Module m = f.run("Import Model", "input_file=" + zip + " output_file=" + back);
		Classifier imported = ModelFile.load(back), original = ModelFile.load(f.cnn);
		assertEquals("T_shirt_top", imported.classNames().get(0), "the output channel names name the classes");
		assertTrue(((String) m.getOutput("message")).contains("saved to"));
		double d = maxDifference(probabilities(f, f.cnn, original.classNames()), probabilities(f, back, imported.classNames()));
		System.out.printf("Import Model, bioimage.io zip of the fixture CNN: Classify Image probabilities within %.1e of the original's on %d test images%n", d, N);
		assertTrue(d <= 5.1e-5, "scale_linear gain 1/255 is the sandbox's own pixel / 255: " + d);
		float[] x0 = new float[N * 784];
		for (int i = 0; i < x0.length; i++) x0[i] = f.test.pixels[i];
		org.nd4j.linalg.api.ndarray.INDArray in = Nd4j.create(x0, new long[] { N, 1, 28, 28 }, 'c');
		assertEquals(original.probabilities(in), imported.probabilities(in), "the same weights, bit for bit");

		// The same weights, preprocessed as fixed_zero_mean_unit_variance with mean 0 and std 510: the model sees
		// value / 510 = pixel / 2, so its probabilities are the original's on half-bright images.
		Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
		unzip(zip, unpacked);
		Path rdf = unpacked.resolve("rdf.yaml");
		editRdf(rdf, "r['inputs'][0]['preprocessing']=[{'id':'fixed_zero_mean_unit_variance','kwargs':{'mean':0.0,'std':510.0,'eps':0.0}}]");
		Path half = dir.resolve("half.cnnsandbox.zip");
		f.run("Import Model", "input_file=" + rdf + " output_file=" + half + " class_names=[" + String.join(",", original.classNames()) + "]");
		Classifier halfModel = ModelFile.load(half);
		assertEquals(0.5, halfModel.inputPreparation().scale / halfModel.inputPreparation().std, 1e-12, "stored in the model file");
		float[] x = new float[N * 784];
		for (int i = 0; i < x.length; i++) x[i] = Math.round(f.test.pixels[i] * 255) / 255f / 2;
		float[] expected = original.probabilities(Nd4j.create(x, new long[] { N, 1, 28, 28 }, 'c')).data().asFloat();
		double dh = maxDifference(probabilities(f, half, original.classNames()), expected);
		System.out.printf("Import Model, rdf.yaml with fixed_zero_mean_unit_variance (std 510): Classify Image within %.1e of the original on half-bright images%n", dh);
		assertTrue(dh <= 5.1e-5, "Classify Image applies the package's preprocessing: " + dh);
		// fine-tuning the imported model prepares its data alike and keeps the preparation: the run's epoch 0 is the
		// model's accuracy on pixel / 2 (on plain pixels it would be the original's)
		int correctOnHalf = 0;
		for (int i = 0; i < N; i++) {
			int best = 0;
			for (int c = 1; c < 10; c++) if (expected[i * 10 + c] > expected[i * 10 + best]) best = c;
			if (best == f.test.labels[i]) correctOnHalf++;
		}
		Path tuned = dir.resolve("tuned.cnnsandbox.zip");
		Module ft = f.run("Train Fashion Classifier", "initial_model=" + half + " epochs=1 batch_size=50 train_limit=200 test_limit=" + N
			+ " model_file=" + tuned);
		assertEquals(correctOnHalf, (int) ((ResultsTable) ft.getOutput("training_log")).getValue("correct", 0), "epoch 0: the imported model as it is");
		assertEquals(0.5, ModelFile.load(tuned).inputPreparation().scale / ModelFile.load(tuned).inputPreparation().std, 1e-12,
			"the fine-tuned model keeps the imported model's input preparation");
		// the keys override the package's preprocessing: scale 1 gives back the original model
		Path keys = dir.resolve("keys.cnnsandbox.zip");
		f.run("Import Model", "input_file=" + rdf + " output_file=" + keys + " scale=1 mean=0 std=1");
		assertTrue(ModelFile.load(keys).inputPreparation().isIdentity());

		// Explain Classification on the imported model: integrated gradients complete on every image
		Module e = f.run("Explain Classification", "model_file=" + back + " invert=no method=integrated_gradients", stack(f));
		ResultsTable t = (ResultsTable) e.getOutput("explanation");
		assertEquals(N, t.size());
		assertEquals(N, ((ImagePlus) e.getOutput("attribution")).getStackSize());
		float[] black = imported.probabilities(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1, 28, 28)).data().asFloat();
		for (int i = 0; i < N; i++) {
			double delta = Math.log(t.getValue("target_probability", i)) - Math.log(black[imported.classNames().indexOf(t.getStringValue("target", i))]);
			assertEquals(delta, t.getValue("attribution_sum", i), 0.01 * Math.abs(delta) + 1e-4, "slice " + (i + 1));
		}
	}

	@Test
	void packagesItCannotTranslateAreRefusedInOneLineLeavingNothing(@TempDir Path dir) throws Exception {
		FashionFixtures f = FashionFixtures.get();
		Path zip = dir.resolve("mlp-bioimageio.zip");
		f.run("Export Model", "model_file=" + f.mlp + " format=bioimage.io output_file=" + zip);
		Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
		unzip(zip, unpacked);
		Path rdf = unpacked.resolve("rdf.yaml"), out = dir.resolve("out.cnnsandbox.zip");
		editRdf(rdf, "r['inputs'][0]['preprocessing']=[{'name':'zero_mean_unit_variance','kwargs':{'mode':'per_sample','axes':'xy'}}]");
		assertMessage("its preprocessing zero_mean_unit_variance (mode per_sample) uses each image's own statistics",
			() -> f.run("Import Model", "input_file=" + rdf + " output_file=" + out));
		editRdf(rdf, "r['inputs'][0]['preprocessing']=[{'id':'clip','kwargs':{'min':0,'max':1}}]");
		assertMessage("its preprocessing clip is not supported", () -> f.run("Import Model", "input_file=" + rdf + " output_file=" + out));
		editRdf(rdf, "r['weights']={'pytorch_state_dict':r['weights']['onnx']}");
		assertMessage("has no ONNX weights (it has pytorch_state_dict)", () -> f.run("Import Model", "input_file=" + rdf + " output_file=" + out));
		assertMessage("std must be a finite number > 0", () -> f.run("Import Model", "input_file=" + zip + " output_file=" + out + " std=0"));
		assertFalse(Files.exists(out), "no model file from a refused import");
		try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			assertTrue(tmp.noneMatch(p -> p.getFileName().toString().startsWith("import-") && p.toString().endsWith(".onnx")),
				"the weights taken out of a zip are deleted");
		}
	}
}
