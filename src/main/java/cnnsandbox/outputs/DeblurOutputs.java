package cnnsandbox.outputs;

import java.awt.Color;
import java.util.List;

import cnnsandbox.deblur.DeblurResult;
import cnnsandbox.deblur.LogRow;
import ij.gui.Plot;
import ij.measure.ResultsTable;

/** Deblur Signal's table and plots, built from the engine's results. */
public final class DeblurOutputs {

	private DeblurOutputs() {}

	/**
	 * {@code iteration, loss, max_abs_x, seconds}, with {@code slice} first when a stack was deblurred (a volume:
	 * its number); {@code psnr, ssim} when a ground truth was given; and, for the regularised solvers,
	 * {@code noise_sd, weight, stopped} (the same on every row of one run).
	 */
	public static ResultsTable lossTable(List<DeblurResult> results) {
		ResultsTable table = new ResultsTable();
		table.showRowNumbers(false);
		for (int p = 0; p < results.size(); p++) {
			DeblurResult r = results.get(p);
			for (LogRow row : r.log) {
				table.incrementCounter();
				if (results.size() > 1) table.addValue("slice", p + 1);
				table.addValue("iteration", row.iteration);
				table.addValue("loss", row.loss);
				table.addValue("max_abs_x", row.maxAbsX);
				table.addValue("seconds", row.seconds);
				if (!Double.isNaN(row.psnr)) {
					table.addValue("psnr", row.psnr);
					table.addValue("ssim", row.ssim);
				}
				if (!Double.isNaN(r.noiseSigma)) {
					table.addValue("noise_sd", r.noiseSigma);
					table.addValue("weight", r.weight);
					table.addValue("stopped", r.stopReason);
				}
			}
		}
		table.setDecimalPlaces(table.getColumnIndex("loss"), 6);
		return table;
	}

	/**
	 * The workshop's figure: y (black), k*x at each logged iteration (light to dark blue) and, behind them, the
	 * recovered x (pink; clipped to the signal's range, since a sharpening descent lets it overshoot far).
	 */
	public static Plot signalPlot(double[] y, DeblurResult r) {
		double[] t = new double[y.length];
		for (int i = 0; i < t.length; i++) t[i] = i;
		Plot plot = new Plot("Deblur Plot", "sample", "value");
		double min = 0, max = 0;
		for (double v : y) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		double pad = 0.25 * (max - min);
		plot.setLimits(0, y.length - 1, min - pad, max + pad);
		StringBuilder legend = new StringBuilder("x (deblurred)");
		plot.setColor(new Color(255, 150, 150));
		plot.addPoints(t, r.deblurred, Plot.LINE);
		int n = r.snapshots.size();
		for (int i = 0; i < n; i++) {
			float f = n == 1 ? 1 : (float) i / (n - 1);
			plot.setColor(new Color(0.75f * (1 - f), 0.8f * (1 - f), 1f - 0.5f * f));
			plot.addPoints(t, r.snapshots.get(i), Plot.LINE);
			legend.append('\n');
			if (i == 0 || i == n - 1) legend.append("k*x at iteration ").append(r.log.get(i).iteration);
		}
		plot.setColor(Color.BLACK);
		plot.setLineWidth(2);
		plot.addPoints(t, y, Plot.LINE);
		plot.setLineWidth(1);
		plot.addLegend(legend.append("\ny (observed)").toString());
		return plot;
	}

	/** The loss against the iteration; with a ground truth, the PSNR instead (the error falls, then rises). */
	public static Plot lossPlot(List<DeblurResult> results) {
		boolean quality = !results.isEmpty() && !results.get(0).log.isEmpty() && !Double.isNaN(results.get(0).log.get(0).psnr);
		if (quality) {
			Plot plot = new Plot("Deblur Plot", "iteration", "PSNR (dB) against ground_truth");
			for (DeblurResult r : results) {
				double[] it = r.log.stream().mapToDouble(row -> row.iteration).toArray();
				plot.addPoints(it, r.log.stream().mapToDouble(row -> row.psnr).toArray(), Plot.CONNECTED_CIRCLES);
			}
			return plot;
		}
		Plot plot = new Plot("Deblur Plot", "iteration", "loss");
		plot.setLogScaleY();
		for (DeblurResult r : results) {
			double[] it = r.log.stream().mapToDouble(row -> row.iteration).toArray();
			double[] loss = r.log.stream().mapToDouble(row -> row.loss).toArray();
			plot.addPoints(it, loss, Plot.CONNECTED_CIRCLES);
		}
		return plot;
	}
}
