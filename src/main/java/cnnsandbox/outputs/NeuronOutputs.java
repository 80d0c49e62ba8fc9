package cnnsandbox.outputs;

import java.util.List;

import cnnsandbox.visualize.ActivationMaximizer;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;

/**
 * Visualize Neuron's outputs, grown one ascent at a time: the labelled stack {@code Neuron Image}, the table of
 * class probabilities per image (the workshop's "Probas per class") and the objective per step.
 */
public final class NeuronOutputs {

	private final ImageStack stack;
	private final List<String> classNames;
	/** The input's channels; with more than one, the images' values (channel by channel) and labels, shown at the end. */
	private final int channels;
	private final java.util.List<float[]> images = new java.util.ArrayList<>();
	private final java.util.List<String> labels = new java.util.ArrayList<>();
	private final ResultsTable probabilities = new ResultsTable(), ascentLog = new ResultsTable();

	public NeuronOutputs(int width, int height, List<String> classNames) {
		this(1, width, height, classNames);
	}

	/** For a model of {@code channels} input channels: the image is RGB for 3, a composite hyperstack for other C > 1. */
	public NeuronOutputs(int channels, int width, int height, List<String> classNames) {
		this.channels = channels;
		this.stack = new ImageStack(width, height);
		this.classNames = classNames;
		probabilities.showRowNumbers(false);
		ascentLog.showRowNumbers(false);
	}

	/** Adds one ascent's image and rows; {@code several}: label the log rows with the image they belong to. */
	public void add(String label, ActivationMaximizer.Result r, boolean several) {
		if (channels == 1)
			stack.addSlice(label, new FloatProcessor(stack.getWidth(), stack.getHeight(), r.image));
		else {
			images.add(r.image);
			labels.add(label);
		}
		probabilities.incrementCounter();
		probabilities.addValue("image", label);
		for (int c = 0; c < classNames.size(); c++) probabilities.addValue(classNames.get(c), r.probabilities[c]);
		for (int step = 0; step < r.objective.length; step++) {
			ascentLog.incrementCounter();
			if (several) ascentLog.addValue("image", label);
			ascentLog.addValue("step", step);
			ascentLog.addValue("objective", r.objective[step]);
		}
	}

	public ImagePlus image() {
		if (channels > 1) { // one scale over every image and channel, so that colours compare
			float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
			float[] all = new float[images.size() * images.get(0).length];
			for (int i = 0; i < images.size(); i++) {
				System.arraycopy(images.get(i), 0, all, i * images.get(0).length, images.get(0).length);
				for (float v : images.get(i)) {
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
			}
			return ChannelImages.of("Neuron Image", all, images.size(), channels, stack.getHeight(), stack.getWidth(), labels, lo, hi);
		}
		ImagePlus imp = new ImagePlus("Neuron Image", stack);
		imp.resetDisplayRange();
		return imp;
	}

	public ResultsTable probabilities() {
		return probabilities;
	}

	public ResultsTable ascentLog() {
		return ascentLog;
	}
}
