package cnnsandbox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.scijava.Context;
import org.scijava.module.Module;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.explain.Deletion;
import cnnsandbox.explain.ExplainSettings;
import cnnsandbox.explain.Explainer;
import cnnsandbox.explain.Explanation;
import cnnsandbox.explain.Method;
import cnnsandbox.hosting.CommandRunner;
import cnnsandbox.hosting.MacroOptions;
import cnnsandbox.model.Architecture;
import cnnsandbox.modelfile.ModelFile;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingSettings;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/**
 * Explain Classification on the Fashion-MNIST test set: the time of gradient maps of all 10,000 test images through
 * the SciJava command (end to end: reading, preparing, the maps, the outputs) and through the engine alone, beside
 * PyTorch autograd on the same network shape ({@link TorchPeer}); then, on the first 1,000 test images, every
 * method's time and its deletion curve (p(target)'s mean drop when the top 5/10/20/30 % of pixels by |attribution|
 * are set to 0, beside as many random pixels).
 * <p>
 * Usage: {@code ExplainBench [figures=DIR] [MODEL_FILE...]}; without files, an MLP (1 epoch) and a CNN (1 epoch on
 * 6,000 images) are trained first. With figures=DIR, writes explain-methods.png (the overlays of 6 test images, one
 * row per method, of the last model given). Best of 3 timed runs after one warm-up.
 */
public final class ExplainBench {

	static final double[] FRACTIONS = { 0.05, 0.1, 0.2, 0.3 };

	private ExplainBench() {}

	public static void main(String[] args) throws Exception {
		cnnsandbox.backend.NativeBinary.select();
		System.setProperty("java.awt.headless", "true");
		LabeledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 0);
		List<Path> files = new ArrayList<>();
		Path figures = null;
		for (String a : args) {
			if (a.startsWith("figures=")) figures = Paths.get(a.substring(8));
			else files.add(Paths.get(a));
		}
		if (files.isEmpty()) {
			Path tmp = Files.createTempDirectory("explainbench");
			tmp.toFile().deleteOnExit();
			LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 0);
			for (Architecture a : new Architecture[] { Architecture.MLP, Architecture.CNN }) {
				TrainingSettings s = new TrainingSettings(a);
				s.epochs = 1;
				Path f = tmp.resolve(a.name().toLowerCase(Locale.ROOT) + ModelFile.EXTENSION);
				ModelFile.save(new Trainer().train(s, a == Architecture.CNN ? train.head(6000) : train, test, null, null).classifier, f);
				f.toFile().deleteOnExit();
				files.add(f);
			}
		}
		Img<UnsignedByteType> stack = ArrayImgs.unsignedBytes(28, 28, test.n);
		int i = 0;
		for (UnsignedByteType t : stack) t.set(Math.round(test.pixels[i++] * 255));
		GemmPeak peak = GemmPeak.measure();
		Context context = new Context();
		CommandRunner runner = new CommandRunner(context);
		Module last = null;
		for (Path file : files) {
			Classifier model = ModelFile.load(file);
			String arch = model.layers().hasConv() ? "cnn" : "mlp";
			System.out.println("== " + file.getFileName() + ": " + model.layers().text());
			Map<String, Object> inputs = new HashMap<>(MacroOptions.parse("model_file=[" + file + "] invert=no method=gradient"));
			inputs.put("input", stack);
			double command = best(() -> runner.run(runner.find("Explain Classification"), inputs));
			ExplainSettings gradient = new ExplainSettings();
			double engine = best(() -> new Explainer(model).explain(test.pixels, test.n, -1, gradient, s -> {}, () -> false));
			System.out.printf(Locale.ROOT, "gradient maps of %d test images: %.2f s through Explain Classification, %.2f s engine alone%n",
				test.n, command, engine);
			List<TorchPeer.Result> peers = TorchPeer.run("saliency", arch, FashionMnist.DEFAULT_DIR.toString());
			for (TorchPeer.Result r : peers)
				System.out.printf(Locale.ROOT, "  peer: %.2f s (%s)%n", r.number("saliency_s"), r.who());
			TorchPeer.Result fastest = TorchPeer.fastest(peers, "saliency_s", true);
			// a gradient map is a forward pass and the input-gradient products: about 2x inference's FLOPs
			if (fastest != null)
				System.out.printf(Locale.ROOT, "  engine / PyTorch's faster (%s) time: %.2f; engine %s%n", fastest.threads(),
					engine / fastest.number("saliency_s"), peak.percent(2 * GemmPeak.inferenceFlops(model.layers()) * test.n, engine));

			int n = 1000;
			float[] x = Arrays.copyOf(test.pixels, n * 784);
			System.out.println("method | s per 1,000 images | p(target) drop, top / random pixels zeroed: " + Arrays.toString(FRACTIONS));
			for (Method m : Method.values()) {
				if (m.usesLayerMaps() && !model.layers().hasConv()) continue;
				ExplainSettings s = new ExplainSettings();
				s.method = m;
				Explanation[] e = new Explanation[1];
				double t = best(() -> e[0] = new Explainer(model).explain(x, n, -1, s, line -> {}, () -> false));
				StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%s | %.2f |", m.label(), t));
				for (double f : FRACTIONS) {
					double[] d = Deletion.drops(model, x, e[0].attribution, e[0].target, n, f, new Random(1));
					row.append(String.format(Locale.ROOT, " %.3f / %.3f", d[0], d[1]));
				}
				System.out.println(row);
			}
			if (figures != null) last = figure(runner, file, model, stack, figures);
		}
		context.dispose();
		if (last != null) System.out.println("wrote " + figures.resolve("explain-methods.png"));
	}

	/** One row per method (the first the prepared images), 6 test images, each 140 x 140. */
	static Module figure(CommandRunner runner, Path file, Classifier model, Img<UnsignedByteType> stack, Path dir) throws Exception {
		int cols = 6, side = 140;
		Img<UnsignedByteType> six = ArrayImgs.unsignedBytes(28, 28, cols);
		net.imglib2.Cursor<UnsignedByteType> a = stack.cursor(), b = six.cursor();
		while (b.hasNext()) b.next().set(a.next());
		List<Method> methods = new ArrayList<>(Arrays.asList(Method.values()));
		if (!model.layers().hasConv()) methods.removeIf(Method::usesLayerMaps);
		ColorProcessor canvas = new ColorProcessor(cols * side, (methods.size() + 1) * side);
		Module m = null;
		for (int r = 0; r < methods.size(); r++) {
			Map<String, Object> inputs = new HashMap<>(MacroOptions.parse("model_file=[" + file + "] invert=no method=" + methods.get(r).label()));
			inputs.put("input", six);
			m = runner.run(runner.find("Explain Classification"), inputs);
			ImagePlus overlay = (ImagePlus) m.getOutput("attribution_overlay");
			for (int c = 0; c < cols; c++) {
				if (r == 0) {
					ImageProcessor grey = new ij.process.ByteProcessor(28, 28);
					for (int q = 0; q < 784; q++) grey.set(q % 28, q / 28, six.getAt(q % 28, q / 28, c).get());
					grey.setInterpolationMethod(ImageProcessor.NONE);
					canvas.insert(grey.resize(side, side).convertToRGB(), c * side, 0);
				}
				ImageProcessor ip = overlay.getStack().getProcessor(c + 1);
				ip.setInterpolationMethod(ImageProcessor.NONE);
				canvas.insert(ip.resize(side, side), c * side, (r + 1) * side);
			}
		}
		Files.createDirectories(dir);
		new FileSaver(new ImagePlus("explain-methods", canvas)).saveAsPng(dir.resolve("explain-methods.png").toString());
		return m;
	}

	interface Work {
		Object run() throws Exception;
	}

	/** Best of 3 timed runs after one warm-up, in seconds. */
	static double best(Work w) throws Exception {
		w.run();
		double best = Double.MAX_VALUE;
		for (int r = 0; r < 3; r++) {
			long t = System.nanoTime();
			w.run();
			best = Math.min(best, (System.nanoTime() - t) / 1e9);
		}
		return best;
	}
}
