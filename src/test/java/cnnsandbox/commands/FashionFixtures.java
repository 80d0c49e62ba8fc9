package cnnsandbox.commands;

import cnnsandbox.hosting.CommandRunner;
import cnnsandbox.hosting.MacroOptions;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.scijava.Context;
import org.scijava.module.Module;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.modelfile.ModelFile;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * What the classifier command tests share: a real SciJava context, real Fashion-MNIST slices, and a small MLP and
 * CNN trained once per test JVM by Train Fashion Classifier itself (inputs by macro key, as Fiji runs it).
 */
final class FashionFixtures {

	static final int TEST_LIMIT = 1000;

	private static FashionFixtures shared;

	final Path dir;
	final Context context;
	final CommandRunner runner;
	final Path mlp, cnn;
	/** The MLP's training run, whose outputs the training test inspects. */
	final Module mlpRun;
	final LabeledImages test;

	/** The fixtures, made on first use; skips the calling test when Fashion-MNIST is not installed. */
	static synchronized FashionFixtures get() {
		assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed: apt-get install dataset-fashion-mnist");
		if (shared == null) shared = new FashionFixtures();
		return shared;
	}

	private FashionFixtures() {
		try {
			dir = Files.createTempDirectory("cnnsandbox-fixtures");
			Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
			test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, TEST_LIMIT);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		context = new Context();
		runner = new CommandRunner(context);
		mlp = dir.resolve("mlp" + ModelFile.EXTENSION);
		cnn = dir.resolve("cnn" + ModelFile.EXTENSION);
		mlpRun = run("Train Fashion Classifier", "model=MLP epochs=2 batch_size=50 optimizer=Adam learning_rate=0.001 "
			+ "train_limit=3000 test_limit=" + TEST_LIMIT + " model_file=" + mlp);
		run("Train Fashion Classifier", "model=CNN epochs=1 batch_size=50 optimizer=Adam learning_rate=0.001 "
			+ "train_limit=3000 test_limit=500 model_file=" + cnn);
	}

	private static void deleteTree(Path root) {
		try (java.util.stream.Stream<Path> files = Files.walk(root)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException e) {
			// best effort at exit
		}
	}

	private Path layerList;

	/**
	 * A layer-list model with a kind of every family (conv, tanh, avgpool, relu, maxpool, dense, sigmoid), trained on
	 * first use only: most tests need the presets alone.
	 */
	synchronized Path layerList() {
		if (layerList == null) {
			Path p = dir.resolve("list" + ModelFile.EXTENSION);
			run("Train Fashion Classifier", "model=Custom layers=[conv 8 3, tanh, avgpool 2, conv 16 3, relu, maxpool 2, dense 32, sigmoid, dense 10] "
				+ "epochs=1 batch_size=50 optimizer=Adam learning_rate=0.002 train_limit=3000 test_limit=500 model_file=" + p);
			layerList = p;
		}
		return layerList;
	}

	Module run(String command, String options) {
		return run(command, options, null);
	}

	/** Runs a command as a macro would: {@code options} by key, {@code image} as its input image. */
	Module run(String command, String options, Object image) {
		Map<String, Object> inputs = new HashMap<>(MacroOptions.parse(options));
		if (image != null) inputs.put("input", image);
		return runner.run(runner.find(command), inputs);
	}

	/** The test slice as an 8-bit 28 x 28 stack, as a user would open it in Fiji. */
	Img<UnsignedByteType> testStack() {
		Img<UnsignedByteType> img = ArrayImgs.unsignedBytes(28, 28, test.n);
		int i = 0;
		for (UnsignedByteType t : img) t.set(Math.round(test.pixels[i++] * 255));
		return img;
	}

	/** A test image drawn dark on white, enlarged 7 x into a 280 x 200 RGB canvas. */
	Img<ARGBType> photo(int index) {
		Img<ARGBType> img = ArrayImgs.argbs(280, 200);
		net.imglib2.RandomAccess<ARGBType> ra = img.randomAccess();
		for (int y = 0; y < 200; y++) {
			for (int x = 0; x < 280; x++) {
				int sx = (x - 42) / 7, sy = (y - 2) / 7;
				double v = x >= 42 && sx < 28 && y >= 2 && sy < 28 ? test.image(index)[sy * 28 + sx] : 0;
				int g = (int) Math.round(255 * (1 - v));
				ra.setPosition(new int[] { x, y });
				ra.get().set(ARGBType.rgba(g, g, g, 255));
			}
		}
		return img;
	}
}
