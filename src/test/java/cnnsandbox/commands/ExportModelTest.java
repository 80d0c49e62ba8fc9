package cnnsandbox.commands;

import static cnnsandbox.commands.CommandContextTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.scijava.module.Module;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import cnnsandbox.data.FashionMnist;
import ij.measure.ResultsTable;

/** Export Model on the small trained MLP and CNN, its ONNX run by ONNX Runtime beside Classify Image. */
class ExportModelTest {

	@Test
	void exportedOnnxClassifiesTheTestStackAsClassifyImage() throws Exception {
		FashionFixtures f = FashionFixtures.get();
		OrtEnvironment ort = OrtEnvironment.getEnvironment();
		for (Path model : new Path[] { f.mlp, f.cnn }) {
			Path onnx = f.dir.resolve(model.getFileName() + ".onnx");
			Module export = f.run("Export Model", "model_file=" + model + " format=ONNX output_file=" + onnx);
			assertTrue(((String) export.getOutput("message")).contains(onnx.toString()));
			ResultsTable p = (ResultsTable) f.run("Classify Image", "model_file=" + model + " invert=no", f.testStack())
				.getOutput("class_probabilities");
			float[][] q;
			try (OrtSession session = ort.createSession(onnx.toString(), new OrtSession.SessionOptions());
				OnnxTensor x = OnnxTensor.createTensor(ort, FloatBuffer.wrap(f.test.pixels), new long[] { f.test.n, 1, 28, 28 });
				OrtSession.Result r = session.run(Map.of("input", x))) {
				q = (float[][]) r.get("probabilities").get().getValue();
			}
			assertEquals(f.test.n, p.size());
			for (int i = 0; i < f.test.n; i++) {
				int best = 0;
				for (int c = 0; c < 10; c++) {
					// the table gives percent rounded to 2 decimals: agreement to that (ExportTest checks 1e-5 on the engine)
					assertEquals(p.getValue(FashionMnist.CLASS_NAMES.get(c), i) / 100, q[i][c], 5.1e-5, model.getFileName() + " image " + i);
					if (q[i][c] > q[i][best]) best = c;
				}
				assertEquals(p.getStringValue("label", i), FashionMnist.CLASS_NAMES.get(best), model.getFileName() + " image " + i);
			}
		}
		Path zip = f.dir.resolve("mlp-bioimageio.zip");
		f.run("Export Model", "model_file=" + f.mlp + " format=bioimage.io output_file=" + zip);
		try (ZipFile z = new ZipFile(zip.toFile())) {
			for (String entry : new String[] { "rdf.yaml", "model.onnx", "test_input.npy", "test_output.npy", "README.md", "cover.png" })
				assertNotNull(z.getEntry(entry), entry + " in " + zip);
		}
	}

	@Test
	void exportRefusesBadInputWithOneLineAndWritesNothing() throws Exception {
		FashionFixtures f = FashionFixtures.get();
		Path out = f.dir.resolve("never.onnx");
		assertMessage("format must be one of ONNX, bioimage.io", () -> f.run("Export Model", "model_file=" + f.mlp + " format=tflite output_file=" + out));
		assertMessage("not found", () -> f.run("Export Model", "model_file=" + f.dir.resolve("missing.zip") + " output_file=" + out));
		assertMessage("output_file", () -> f.run("Export Model", "model_file=" + f.mlp));
		Path nowhere = f.dir.resolve("no-such-folder").resolve("m.onnx");
		assertMessage("output_file", () -> f.run("Export Model", "model_file=" + f.mlp + " output_file=" + nowhere));
		assertFalse(Files.exists(out));
		assertFalse(Files.exists(nowhere.getParent()));
	}

	@Test
	void anExportReplacesOnlyAnExportAndNeverItsOwnModelFile() throws Exception {
		FashionFixtures f = FashionFixtures.get();
		Path docs = f.dir.resolve("docs.zip"), notes = f.dir.resolve("notes.onnx");
		try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(docs))) {
			z.putNextEntry(new java.util.zip.ZipEntry("word/document.xml"));
			z.write("<w:document/>".getBytes());
		}
		Files.writeString(notes, "my notes, named .onnx by mistake");
		byte[] zip = Files.readAllBytes(docs), model = Files.readAllBytes(f.mlp);
		assertMessage("not a bioimage.io package", () -> f.run("Export Model", "model_file=" + f.mlp + " format=bioimage.io output_file=" + docs));
		assertMessage("not an ONNX file", () -> f.run("Export Model", "model_file=" + f.mlp + " format=ONNX output_file=" + notes));
		assertMessage("is the model_file", () -> f.run("Export Model", "model_file=" + f.mlp + " format=bioimage.io output_file=" + f.mlp));
		assertTrue(java.util.Arrays.equals(zip, Files.readAllBytes(docs)));
		assertEquals("my notes, named .onnx by mistake", Files.readString(notes));
		assertTrue(java.util.Arrays.equals(model, Files.readAllBytes(f.mlp)));
		Path onnx = f.dir.resolve("again.onnx"), pkg = f.dir.resolve("again.zip");
		for (int i = 0; i < 2; i++) { // an earlier export of ours is replaced
			f.run("Export Model", "model_file=" + f.mlp + " format=ONNX output_file=" + onnx);
			f.run("Export Model", "model_file=" + f.mlp + " format=bioimage.io output_file=" + pkg);
		}
	}
}
