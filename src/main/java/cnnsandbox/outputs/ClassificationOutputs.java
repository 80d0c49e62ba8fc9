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
	public static ResultsTable table(float[] p, List<String> names, boolean[] inverted, int topK) {
		int n = inverted.length, classes = names.size();
		double[] slice = new double[n], confidence = new double[n];
		double[][] perClass = new double[classes][n];
		String[] label = new String[n], top = topK > 1 ? new String[n] : null;
		Threads.parallelFor(n, 1024, (from, to) -> {
			double[] row = new double[classes];
			for (int i = from; i < to; i++) {
				for (int c = 0; c < classes; c++) perClass[c][i] = row[c] = p[i * classes + c];
				int[] order = ranking(row, topK);
				slice[i] = i + 1;
				label[i] = names.get(order[0]);
				confidence[i] = row[order[0]];
				if (top != null) {
					StringBuilder s = new StringBuilder();
					for (int k = 0; k < topK; k++) s.append(k == 0 ? "" : "; ").append(names.get(order[k]))
						.append(String.format(" (%.3f)", row[order[k]]));
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

	public static ImagePlus preparedStack(float[] batch, int n, int rows, int cols, ResultsTable t) {
		ImageStack stack = new ImageStack(cols, rows);
		int label = t.getColumnIndex("label"), confidence = t.getColumnIndex("confidence");
		for (int i = 0; i < n; i++) {
			float[] plane = new float[rows * cols];
			System.arraycopy(batch, i * rows * cols, plane, 0, plane.length);
			stack.addSlice(t.getStringValue(label, i) + " (" + Math.round(100 * t.getValueAsDouble(confidence, i)) + " %)",
				new FloatProcessor(cols, rows, plane));
		}
		ImagePlus imp = new ImagePlus("Classified", stack);
		imp.setDisplayRange(0, 1);
		return imp;
	}
}
