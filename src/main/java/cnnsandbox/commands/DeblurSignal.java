package cnnsandbox.commands;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.app.StatusService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

import cnnsandbox.backend.Backend;
import cnnsandbox.deblur.DeblurResult;
import cnnsandbox.deblur.DeblurSettings;
import cnnsandbox.deblur.Deblurrer;
import cnnsandbox.deblur.GradientMode;
import cnnsandbox.deblur.LogRow;
import cnnsandbox.deblur.MetricKind;
import cnnsandbox.deblur.Optimizer;
import cnnsandbox.deblur.Start;
import cnnsandbox.ij1.ActiveImage;
import ij.IJ;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Deblur Signal: recovers x from y = k * x (Gaussian k) by gradient descent, as the workshop does, with a choice of
 * descent metric that shows why plain L2 descent stalls. A 1 x N or N x 1 image is a signal; otherwise each plane is
 * deblurred on its own.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Deblur Signal", headless = true,
	label = "Deblur Signal")
public class DeblurSignal extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private PrefService prefs;

	@Parameter
	private StatusService status;

	@Parameter(label = "input", persist = false, description = "the observed (blurred) signal or image")
	private RandomAccessibleInterval<?> input;

	@Parameter(label = "sigma", description = "Gaussian blur sigma, in pixels")
	private double sigma = 30;

	@Parameter(label = "iterations")
	private int iterations = 30001;

	@Parameter(label = "optimizer", choices = { "SGD", "Adam" })
	private String optimizer = "SGD";

	@Parameter(label = "learning_rate")
	private double learning_rate = 1;

	@Parameter(label = "momentum", description = "SGD only (classical momentum)")
	private double momentum = 0.5;

	@Parameter(label = "metric", choices = { "L2", "Sobolev", "Preconditioned" },
		description = "the metric in which the gradient is taken")
	private String metric = "L2";

	@Parameter(label = "epsilon", description = "Preconditioned: regularisation of K^T K")
	private double epsilon = DeblurSettings.DEFAULT_EPSILON;

	@Parameter(label = "log_every")
	private int log_every = 2500;

	@Parameter(label = "start", choices = { "zero", "observed" })
	private String start = "zero";

	@Parameter(label = "gradient", choices = { "analytic", "autodiff" },
		description = "autodiff: ND4J SameDiff (slow, same numbers)")
	private String gradient = "analytic";

	@Parameter(label = "pixel_width", persist = false, description = "dx in the loss; 0 = the image's calibration")
	private double pixel_width = 0;

	@Parameter(label = "Deblurred", type = ItemIO.OUTPUT)
	private Img<FloatType> deblurred;

	@Parameter(label = "Reblurred", type = ItemIO.OUTPUT)
	private Img<FloatType> reblurred;

	@Parameter(label = "Snapshots", type = ItemIO.OUTPUT)
	private Img<FloatType> snapshots;

	@Parameter(label = "Deblur Loss", type = ItemIO.OUTPUT)
	private ResultsTable loss_table;

	@Parameter(label = "Deblur Plot", type = ItemIO.OUTPUT)
	private Plot plot;

	@Override
	public void run() {
		CnnSandboxOptions.apply(prefs);
		DeblurSettings settings = settings();
		Planes y = Planes.read(input);
		log.info(gradient.equalsIgnoreCase("autodiff") ? "Deblur Signal on " + Backend.describe()
			: "Deblur Signal: analytic gradient in plain Java on the CPU (gradient=autodiff runs ND4J SameDiff)");

		List<DeblurResult> results = new ArrayList<>();
		try {
			for (int p = 0; p < y.planes.size(); p++) {
				int plane = p;
				results.add(Deblurrer.run(y.planes.get(p), y.width, y.height, settings,
					(it, total) -> status.showStatus((int) ((long) plane * total + it), total * y.planes.size(),
						"Deblur Signal: iteration " + it + "/" + total + (y.planes.size() > 1 ? ", plane " + (plane + 1) : "")),
					() -> isCanceled() || IJ.escapePressed()));
			}
		}
		catch (CancellationException e) {
			cancel("Deblur Signal was cancelled: no output was produced");
			return;
		}
		finally {
			status.clearStatus();
		}

		List<double[]> x = new ArrayList<>(), kx = new ArrayList<>(), snaps = new ArrayList<>();
		for (DeblurResult r : results) {
			x.add(r.deblurred);
			kx.add(r.reblurred);
			snaps.addAll(r.snapshots);
		}
		deblurred = Planes.toImg(x, y.width, y.height);
		reblurred = Planes.toImg(kx, y.width, y.height);
		snapshots = y.isSignal() ? Planes.toImg(List.of(concat(snaps)), y.width * y.height, snaps.size())
			: Planes.toImg(snaps, y.width, y.height);
		loss_table = lossTable(results);
		plot = y.isSignal() ? signalPlot(y.planes.get(0), results.get(0)) : lossPlot(results);
		LogRow last = results.get(0).log.get(results.get(0).log.size() - 1);
		log.info(String.format("Deblur Signal: loss %.6g at iteration %d (max |x| %.4g), %.2f s", last.loss, last.iteration,
			last.maxAbsX, last.seconds));
	}

	private DeblurSettings settings() {
		DeblurSettings s = new DeblurSettings();
		s.sigma = sigma;
		s.iterations = iterations;
		s.optimizer = Optimizer.parse(optimizer);
		s.learningRate = learning_rate;
		s.momentum = momentum;
		s.metric = MetricKind.parse(metric);
		s.epsilon = epsilon;
		s.logEvery = log_every;
		s.start = Start.parse(start);
		s.gradient = GradientMode.parse(gradient);
		if (!(pixel_width >= 0) || Double.isInfinite(pixel_width)) {
			throw new IllegalArgumentException("pixel_width must be a finite number >= 0 (0 = the image's calibration), got " + pixel_width);
		}
		s.dx = pixel_width > 0 ? pixel_width : ActiveImage.pixelWidth(input.dimension(0), input.numDimensions() > 1 ? input.dimension(1) : 1);
		s.validate();
		return s;
	}

	private static ResultsTable lossTable(List<DeblurResult> results) {
		ResultsTable table = new ResultsTable();
		table.showRowNumbers(false);
		for (int p = 0; p < results.size(); p++) {
			for (LogRow row : results.get(p).log) {
				table.incrementCounter();
				if (results.size() > 1) table.addValue("slice", p + 1);
				table.addValue("iteration", row.iteration);
				table.addValue("loss", row.loss);
				table.addValue("max_abs_x", row.maxAbsX);
				table.addValue("seconds", row.seconds);
			}
		}
		table.setDecimalPlaces(table.getColumnIndex("loss"), 6);
		return table;
	}

	/**
	 * The workshop's figure: y (black), k*x at each logged iteration (light to dark blue) and, behind them, the
	 * recovered x (pink; clipped to the signal's range, since a sharpening descent lets it overshoot far).
	 */
	private static Plot signalPlot(double[] y, DeblurResult r) {
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

	private static Plot lossPlot(List<DeblurResult> results) {
		Plot plot = new Plot("Deblur Plot", "iteration", "loss");
		plot.setLogScaleY();
		for (DeblurResult r : results) {
			double[] it = r.log.stream().mapToDouble(row -> row.iteration).toArray();
			double[] loss = r.log.stream().mapToDouble(row -> row.loss).toArray();
			plot.addPoints(it, loss, Plot.CONNECTED_CIRCLES);
		}
		return plot;
	}

	private static double[] concat(List<double[]> parts) {
		double[] all = new double[parts.stream().mapToInt(a -> a.length).sum()];
		int at = 0;
		for (double[] p : parts) {
			System.arraycopy(p, 0, all, at, p.length);
			at += p.length;
		}
		return all;
	}
}
