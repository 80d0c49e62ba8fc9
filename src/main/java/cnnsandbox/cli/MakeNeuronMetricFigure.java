package cnnsandbox.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import cnnsandbox.deblur.MetricKind;
import cnnsandbox.modelfile.ModelFile;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Objective;
import cnnsandbox.visualize.ActivationMaximizer;
import cnnsandbox.visualize.AscentSettings;
import cnnsandbox.visualize.HighFrequencyEnergy;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * The figure of Visualize Neuron's metrics: one row per metric (L2, Sobolev, Preconditioned, at the command's
 * defaults otherwise), one column per class or conv unit, each image scaled to its own range; prints each image's
 * high-frequency share ({@link HighFrequencyEnergy}) and the ratios to L2's.
 * Run: {@code java -cp "target/app/jars/*:target/app/plugins/*" cnnsandbox.cli.MakeNeuronMetricFigure cnn.cnnsandbox.zip docs/figures/neuron-metrics.png}.
 */
public final class MakeNeuronMetricFigure {

	private MakeNeuronMetricFigure() {}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		Classifier model = ModelFile.load(Paths.get(args[0]));
		Path png = Paths.get(args.length > 1 ? args[1] : "docs/figures/neuron-metrics.png");
		List<Objective> objectives = new ArrayList<>();
		List<String> titles = new ArrayList<>();
		for (int c : new int[] { 0, 1, 2, 5, 7, 9 }) {
			objectives.add(Objective.classLogProbability(c));
			titles.add(model.classNames().get(c));
		}
		String conv = model.layerNames().contains("conv2") ? "conv2" : model.layerNames().get(0);
		for (int u = 0; u < 4; u++) {
			objectives.add(Objective.unit(conv, u));
			titles.add(conv + " unit " + u);
		}
		int side = 112, label = 110, head = 22, rows = model.inputRows(), cols = model.inputCols();
		MetricKind[] metrics = MetricKind.values();
		ByteProcessor canvas = new ByteProcessor(label + objectives.size() * side, head + metrics.length * side);
		canvas.setColor(255);
		canvas.fill();
		canvas.setColor(0);
		canvas.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
		for (int c = 0; c < titles.size(); c++) canvas.drawString(shorten(titles.get(c)), label + c * side + 4, head - 5);
		double[] sum = new double[metrics.length];
		ActivationMaximizer ascent = new ActivationMaximizer(model);
		for (int r = 0; r < metrics.length; r++) {
			canvas.drawString(metrics[r].label(), 6, head + r * side + side / 2 + 6);
			StringBuilder line = new StringBuilder(String.format("%-15s", metrics[r].label()));
			for (int c = 0; c < objectives.size(); c++) {
				AscentSettings s = new AscentSettings();
				s.metric = metrics[r];
				float[] image = ascent.maximise(objectives.get(c), s, null).image;
				double share = HighFrequencyEnergy.share(image, rows, cols);
				sum[r] += share;
				line.append(String.format(" %.4f", share));
				FloatProcessor fp = new FloatProcessor(cols, rows, image);
				fp.resetMinAndMax();
				ImageProcessor tile = fp.convertToByteProcessor(true);
				tile.setInterpolationMethod(ImageProcessor.NONE);
				canvas.insert(tile.resize(side - 4, side - 4), label + c * side + 2, head + r * side + 2);
			}
			System.out.println(line);
		}
		System.out.println("high-frequency share (energy above half the band), in the columns' order: " + titles);
		for (int r = 1; r < metrics.length; r++) {
			System.out.printf("mean share %s %.4f, L2 %.4f: ratio %.3f%n", metrics[r].label(), sum[r] / objectives.size(),
				sum[0] / objectives.size(), sum[r] / sum[0]);
		}
		Files.createDirectories(png.toAbsolutePath().getParent());
		if (!new FileSaver(new ImagePlus("neuron-metrics", canvas)).saveAsPng(png.toString())) throw new IllegalStateException("could not write " + png);
		System.out.println("wrote " + png);
	}

	private static String shorten(String title) {
		return title.length() > 16 ? title.substring(0, 16) : title;
	}
}
