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
	private final ResultsTable probabilities = new ResultsTable(), ascentLog = new ResultsTable();

	public NeuronOutputs(int width, int height, List<String> classNames) {
		this.stack = new ImageStack(width, height);
		this.classNames = classNames;
		probabilities.showRowNumbers(false);
		ascentLog.showRowNumbers(false);
	}

	/** Adds one ascent's image and rows; {@code several}: label the log rows with the image they belong to. */
	public void add(String label, ActivationMaximizer.Result r, boolean several) {
		stack.addSlice(label, new FloatProcessor(stack.getWidth(), stack.getHeight(), r.image));
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
