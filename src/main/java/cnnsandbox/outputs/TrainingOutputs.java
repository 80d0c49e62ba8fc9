package cnnsandbox.outputs;

import java.awt.Color;
import java.util.List;

import cnnsandbox.training.ConfusionMatrix;
import cnnsandbox.training.EpochRecord;
import ij.gui.Plot;
import ij.measure.ResultsTable;

/** Train Fashion Classifier's log table, confusion matrix table and loss/accuracy plot. */
public final class TrainingOutputs {

	private TrainingOutputs() {}

	/**
	 * One row per epoch: {@code epoch, seconds, train_loss, test_loss, test_accuracy, correct, balanced_accuracy,
	 * learning_rate} (the last two blank where unknown: epoch 0's rate, a model file from before them).
	 */
	public static ResultsTable trainingLog(List<EpochRecord> epochs) {
		return trainingLog(epochs, -1);
	}

	/**
	 * As {@link #trainingLog(List)}; with validation also {@code train_accuracy, val_loss, val_accuracy} and
	 * {@code kept} (1 on the row of {@code keptEpoch}, whose weights the model holds).
	 */
	public static ResultsTable trainingLog(List<EpochRecord> epochs, int keptEpoch) {
		ResultsTable t = new ResultsTable();
		t.showRowNumbers(false);
		for (EpochRecord r : epochs) {
			t.incrementCounter();
			t.addValue("epoch", r.epoch);
			t.addValue("seconds", r.seconds);
			if (Double.isNaN(r.trainLoss)) t.addValue("train_loss", ""); // epoch 0: no training yet, blank rather than NaN
			else t.addValue("train_loss", r.trainLoss);
			t.addValue("test_loss", r.testLoss);
			t.addValue("test_accuracy", r.testAccuracy);
			t.addValue("correct", r.correct);
			blankIfNaN(t, "balanced_accuracy", r.balancedAccuracy);
			blankIfNaN(t, "learning_rate", r.learningRate);
			if (r.hasValidation()) {
				blankIfNaN(t, "train_accuracy", r.trainAccuracy);
				t.addValue("val_loss", r.validationLoss);
				t.addValue("val_accuracy", r.validationAccuracy);
				t.addValue("kept", r.epoch == keptEpoch ? 1 : 0);
			}
		}
		t.setDecimalPlaces(t.getColumnIndex("test_accuracy"), 4);
		if (!epochs.isEmpty()) {
			t.setDecimalPlaces(t.getColumnIndex("balanced_accuracy"), 4);
			t.setDecimalPlaces(t.getColumnIndex("learning_rate"), ResultsTable.AUTO_FORMAT); // 1e-5 after a few decays, not 0.0000
		}
		for (String c : new String[] { "train_accuracy", "val_accuracy" })
			if (t.columnExists(c)) t.setDecimalPlaces(t.getColumnIndex(c), 4);
		if (t.columnExists("kept")) t.setDecimalPlaces(t.getColumnIndex("kept"), 0);
		return t;
	}

	public static ResultsTable confusionTable(ConfusionMatrix cm, List<String> names) {
		ResultsTable t = new ResultsTable();
		t.showRowNumbers(false);
		for (int i = 0; i < cm.classes(); i++) {
			t.incrementCounter();
			t.addValue("true_class", names.get(i));
			for (int j = 0; j < cm.classes(); j++) t.addValue(names.get(j), cm.counts[i][j]);
			blankIfNaN(t, "recall", cm.recall(i)); // beside the counts: the fraction of the class found (balanced accuracy is their mean)
		}
		return t;
	}

	private static void blankIfNaN(ResultsTable t, String column, double v) {
		if (Double.isNaN(v)) t.addValue(column, "");
		else t.addValue(column, v);
	}

	public static Plot plot(List<EpochRecord> epochs) {
		double[] e = epochs.stream().mapToDouble(r -> r.epoch).toArray();
		double[] loss = epochs.stream().mapToDouble(r -> r.testLoss).toArray();
		double[] acc = epochs.stream().mapToDouble(r -> r.testAccuracy).toArray();
		Plot plot = new Plot("Training Plot", "epoch", "test loss (blue) / test accuracy (red)");
		plot.setLimits(0, Math.max(1, e.length == 0 ? 0 : e[e.length - 1]), 0, Math.max(1, maxOf(loss) * 1.05)); // empty: the live plot at the start
		plot.setColor(Color.BLUE);
		plot.addPoints(e, loss, Plot.CONNECTED_CIRCLES);
		plot.setColor(Color.RED);
		plot.addPoints(e, acc, Plot.CONNECTED_CIRCLES);
		String legend = "test loss\ntest accuracy";
		if (!epochs.isEmpty() && epochs.get(epochs.size() - 1).hasValidation()) { // blue-green and orange: validation; grey lines: training
			double[] vl = epochs.stream().mapToDouble(r -> r.validationLoss).toArray();
			double[] va = epochs.stream().mapToDouble(r -> r.validationAccuracy).toArray();
			double[] tl = epochs.stream().skip(1).mapToDouble(r -> r.trainLoss).toArray();
			double[] ta = epochs.stream().skip(1).mapToDouble(r -> r.trainAccuracy).toArray();
			double[] te = java.util.Arrays.copyOfRange(e, 1, e.length);
			plot.setLimits(0, Math.max(1, e[e.length - 1]), 0, Math.max(1, Math.max(maxOf(loss), Math.max(maxOf(vl), maxOf(tl))) * 1.05));
			plot.setLineWidth(1);
			plot.setColor(new Color(0, 150, 255));
			plot.addPoints(e, vl, Plot.CONNECTED_CIRCLES);
			plot.setColor(new Color(255, 120, 0));
			plot.addPoints(e, va, Plot.CONNECTED_CIRCLES);
			plot.setColor(Color.GRAY);
			plot.addPoints(te, tl, Plot.LINE);
			plot.setColor(Color.DARK_GRAY);
			plot.addPoints(te, ta, Plot.LINE);
			legend += "\nvalidation loss\nvalidation accuracy\ntrain loss\ntrain accuracy";
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(legend);
		return plot;
	}

	private static double maxOf(double[] v) {
		double m = 0;
		for (double x : v) if (Double.isFinite(x)) m = Math.max(m, x);
		return m;
	}
}
