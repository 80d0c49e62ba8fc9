package cnnsandbox.outputs;

import java.util.List;

import cnnsandbox.backend.Threads;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;

/** Classify Image's outputs: the per-slice probability table and the prepared stack labelled with the predictions. */
public final class ClassificationOutputs {

	private ClassificationOutputs() {}

	/**
	 * The table from the probabilities [n, classes] (row-major), filled a column at a time from arrays computed first on
	 * all the batch threads: per-cell look-ups, and ND4J row copies ({@code toDoubleMatrix}), cost more than the model
	 * on a 10,000-slice stack.
	 */
	/**
	 * The true class a slice label names, or -1: the label is a class name, maybe after a "#12 " number (Fashion-MNIST
	 * stacks are labelled "#0 Ankle boot"); case is ignored.
	 */
	public static int trueClass(String label, List<String> names) {
		if (label == null) return -1;
		String l = label.trim().replaceFirst("^#?\\d+\\s+", "");
		for (int c = 0; c < names.size(); c++) if (names.get(c).equalsIgnoreCase(l)) return c;
		return -1;
	}

	/**
	 * Adds {@code true_label} and {@code correct} (yes/no) for the slices whose labels name a class; returns
	 * {correct, labelled}, {0, 0} when no slice label names a class (then no column is added).
	 */
	public static int[] addTrueLabels(ResultsTable t, List<String> sliceLabels, List<String> names) {
		int n = t.size();
		if (sliceLabels == null || sliceLabels.size() != n) return new int[] { 0, 0 };
		String[] truth = new String[n], right = new String[n];
		int labelled = 0, correct = 0;
		for (int i = 0; i < n; i++) {
			int c = trueClass(sliceLabels.get(i), names);
			truth[i] = c < 0 ? "" : names.get(c);
			right[i] = c < 0 ? "" : names.get(c).equals(t.getStringValue("label", i)) ? "yes" : "no";
			if (c >= 0) labelled++;
			if ("yes".equals(right[i])) correct++;
		}
		if (labelled == 0) return new int[] { 0, 0 };
		strings(t, "true_label", truth);
		strings(t, "correct", right);
		return new int[] { correct, labelled };
	}

	/** Probabilities are given in percent (2 decimals): 0.00 to 100.00, never a mix of 1.059E-4 and 0.001. */
	public static ResultsTable table(float[] p, List<String> names, boolean[] inverted, int topK) {
		int n = inverted.length, classes = names.size();
		double[] slice = new double[n], confidence = new double[n];
		double[][] perClass = new double[classes][n];
		String[] label = new String[n], top = topK > 1 ? new String[n] : null;
		Threads.parallelFor(n, 1024, (from, to) -> {
			double[] row = new double[classes];
			for (int i = from; i < to; i++) {
				// rounded to the 2 decimals shown: ResultsTable writes a small value as 2.813E-3 whatever its decimals
				for (int c = 0; c < classes; c++) perClass[c][i] = Math.round(10000.0 * (row[c] = p[i * classes + c])) / 100.0;
				int[] order = ranking(row, topK);
				slice[i] = i + 1;
				label[i] = names.get(order[0]);
				confidence[i] = Math.round(10000.0 * row[order[0]]) / 100.0;
				if (top != null) {
					StringBuilder s = new StringBuilder();
					for (int k = 0; k < topK; k++) s.append(k == 0 ? "" : "; ").append(names.get(order[k]))
						.append(String.format(" (%.1f %%)", 100 * row[order[k]]));
					top[i] = s.toString();
				}
			}
			return 0;
		});
		ResultsTable t = new ResultsTable(n);
		t.showRowNumbers(false);
		t.setValues("slice", slice);
		strings(t, "label", label);
		t.setValues("confidence", confidence);
		for (int c = 0; c < classes; c++) t.setValues(names.get(c), perClass[c]);
		for (int c = 0; c < t.getLastColumn() + 1; c++) if (t.columnExists(c)) t.setDecimalPlaces(c, 2);
		t.setDecimalPlaces(t.getColumnIndex("slice"), 0);
		if (top != null) strings(t, "top_" + topK, top);
		String[] flipped = new String[n];
		for (int i = 0; i < n; i++) flipped[i] = inverted[i] ? "yes" : "no";
		strings(t, "inverted", flipped);
		return t;
	}

	private static void strings(ResultsTable t, String column, String[] values) {
		int c = t.getFreeColumn(column);
		for (int i = 0; i < values.length; i++) t.setValue(c, i, values[i]);
	}

	/** The indices of the k largest values, largest first. */
	public static int[] ranking(double[] v, int k) {
		int[] order = new int[k];
		boolean[] taken = new boolean[v.length];
		for (int r = 0; r < k; r++) {
			int best = -1;
			for (int c = 0; c < v.length; c++) if (!taken[c] && (best < 0 || v[c] > v[best])) best = c;
			taken[best] = true;
			order[r] = best;
		}
		return order;
	}

	public static ImagePlus preparedStack(float[] batch, int n, int channels, int rows, int cols, ResultsTable t) {
		if (channels == 1) return preparedStack(batch, n, rows, cols, t);
		int label = t.getColumnIndex("label"), confidence = t.getColumnIndex("confidence");
		java.util.List<String> labels = new java.util.ArrayList<>();
		for (int i = 0; i < n; i++)
			labels.add(t.getStringValue(label, i) + " (" + Math.round(t.getValueAsDouble(confidence, i)) + " %)");
		return ChannelImages.of("Classified", batch, n, channels, rows, cols, labels, 0, 1);
	}

	public static ImagePlus preparedStack(float[] batch, int n, int rows, int cols, ResultsTable t) {
		ImageStack stack = new ImageStack(cols, rows);
		int label = t.getColumnIndex("label"), confidence = t.getColumnIndex("confidence");
		for (int i = 0; i < n; i++) {
			float[] plane = new float[rows * cols];
			System.arraycopy(batch, i * rows * cols, plane, 0, plane.length);
			stack.addSlice(t.getStringValue(label, i) + " (" + Math.round(t.getValueAsDouble(confidence, i)) + " %)",
				new FloatProcessor(cols, rows, plane));
		}
		ImagePlus imp = new ImagePlus("Classified", stack);
		imp.setDisplayRange(0, 1);
		return imp;
	}
}
