package cnnsandbox.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.Network;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.EpochRecord;
import cnnsandbox.training.Optimizer;
import cnnsandbox.training.OptimizerState;
import cnnsandbox.training.TrainingSettings;

/** The optimiser state in a model file: written, read back bit for bit, refused when damaged, optional. */
class UpdaterStateTest {

	@TempDir
	Path dir;

	static Classifier model(OptimizerState state) {
		LayerList net = LayerList.of(LayerList.preset(Architecture.MLP, 3, 2), 4, 4, 2);
		return new Classifier(Architecture.MLP, net, List.of("a", "b"), new TrainingSettings(), List.of(new EpochRecord(0, 0, Double.NaN, 0.7, 1, 2)),
			0.5, "", "", "", Network.initParams(net, 1), state);
	}

	static INDArray random(long n, long seed) {
		Random r = new Random(seed);
		float[] v = new float[(int) n];
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
		return Nd4j.create(v, new long[] { n }, 'c');
	}

	@Test
	void adamStateRoundTripsBitForBit() throws IOException {
		long n = model(null).layers().parameterCount();
		OptimizerState state = new OptimizerState(Optimizer.ADAM, Map.of("M", random(n, 1), "V", random(n, 2).muli(random(n, 2))), 120, 3);
		Path file = dir.resolve("m" + ModelFile.EXTENSION);
		ModelFile.save(model(state), file);
		OptimizerState back = ModelFile.load(file).optimizerState();
		assertEquals(Optimizer.ADAM, back.optimizer);
		assertEquals(120, back.iterations);
		assertEquals(3, back.epochs);
		for (String a : List.of("M", "V"))
			assertArrayEquals(state.arrays.get(a).data().asFloat(), back.arrays.get(a).data().asFloat(), a);
		assertNull(ModelFile.load(save(model(null), "none")).optimizerState(), "optional: a model without it loads as before");
	}

	@Test
	void aDamagedStateIsRefusedNamingTheFile() throws IOException {
		long n = model(null).layers().parameterCount();
		Path good = save(model(new OptimizerState(Optimizer.SGD, Map.of("V", random(n, 3)), 10, 1)), "good");
		Path bad = dir.resolve("bad" + ModelFile.EXTENSION);
		try (ZipFile in = new ZipFile(good.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bad))) {
			for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements();) {
				ZipEntry entry = e.nextElement();
				if (entry.getName().equals("optimizer/V")) continue;
				out.putNextEntry(new ZipEntry(entry.getName()));
				try (InputStream is = in.getInputStream(entry)) {
					is.transferTo(out);
				}
				out.closeEntry();
			}
		}
		IOException e = assertThrows(IOException.class, () -> ModelFile.load(bad));
		assertTrue(e.getMessage().startsWith(bad + " is damaged") && e.getMessage().contains("optimizer state V is missing"), e.getMessage());
	}

	Path save(Classifier c, String name) throws IOException {
		Path file = dir.resolve(name + ModelFile.EXTENSION);
		ModelFile.save(c, file);
		return file;
	}
}
