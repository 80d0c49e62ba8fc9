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
		}
		t.setDecimalPlaces(t.getColumnIndex("test_accuracy"), 4);
		if (!epochs.isEmpty()) {
			t.setDecimalPlaces(t.getColumnIndex("balanced_accuracy"), 4);
			t.setDecimalPlaces(t.getColumnIndex("learning_rate"), ResultsTable.AUTO_FORMAT); // 1e-5 after a few decays, not 0.0000
		}
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
		plot.setColor(Color.BLACK);
		plot.addLegend("test loss\ntest accuracy");
		return plot;
	}

	private static double maxOf(double[] v) {
		double m = 0;
		for (double x : v) if (Double.isFinite(x)) m = Math.max(m, x);
		return m;
	}
}
