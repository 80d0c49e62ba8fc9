package cnnsandbox.outputs;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;

/** Classify Image's outputs: the per-slice probability table and the prepared stack labelled with the predictions. */
public final class ClassificationOutputs {

	private ClassificationOutputs() {}

	/** The table, built by column index: name look-ups per cell cost more than the model on a 10,000-slice stack. */
	public static ResultsTable table(double[][] rows, List<String> names, boolean[] inverted, int topK) {
		ResultsTable t = new ResultsTable(rows.length);
		t.showRowNumbers(false);
		int slice = t.getFreeColumn("slice"), label = t.getFreeColumn("label"), confidence = t.getFreeColumn("confidence");
		int[] classColumns = new int[names.size()];
		for (int c = 0; c < names.size(); c++) classColumns[c] = t.getFreeColumn(names.get(c));
		int top = topK > 1 ? t.getFreeColumn("top_" + topK) : -1, flipped = t.getFreeColumn("inverted");
		for (int i = 0; i < rows.length; i++) {
			double[] row = rows[i];
			int[] order = ranking(row, topK);
			t.setValue(slice, i, i + 1);
			t.setValue(label, i, names.get(order[0]));
			t.setValue(confidence, i, row[order[0]]);
			for (int c = 0; c < names.size(); c++) t.setValue(classColumns[c], i, row[c]);
			if (top >= 0) {
				StringBuilder s = new StringBuilder();
				for (int k = 0; k < topK; k++) s.append(k == 0 ? "" : "; ").append(names.get(order[k]))
					.append(String.format(" (%.3f)", row[order[k]]));
				t.setValue(top, i, s.toString());
			}
			t.setValue(flipped, i, inverted[i] ? "yes" : "no");
		}
		return t;
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
