package cnnsandbox.commands;

import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.backend.Backend;
import cnnsandbox.files.MemoryBudget;
import cnnsandbox.deblur.DeblurResult;
import cnnsandbox.deblur.DeblurSettings;
import cnnsandbox.deblur.Deblurrer;
import cnnsandbox.deblur.GradientMode;
import cnnsandbox.deblur.InitialGuess;
import cnnsandbox.deblur.LogRow;
import cnnsandbox.deblur.MetricKind;
import cnnsandbox.training.Optimizer;
import cnnsandbox.options.Options;
import cnnsandbox.outputs.DeblurOutputs;
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
	label = "Deblur Signal",
	description = "Recovers a sharp signal or image from a Gaussian-blurred one by gradient descent (the workshop's deblurring)")
public class DeblurSignal extends SandboxCommand {

	/** The defaults of every key below (one place: the engine's settings). */
	private static final DeblurSettings DEFAULTS = new DeblurSettings();

	@Parameter(label = "input", persist = false, description = "the observed (blurred) signal or image")
	private RandomAccessibleInterval<?> input;

	@Parameter(label = "sigma", description = "Gaussian blur sigma, in pixels")
	private double sigma = DEFAULTS.sigma;

	@Parameter(label = "iterations", description = "gradient steps; more: sharper, slower")
	private int iterations = DEFAULTS.iterations;

	@Parameter(label = "optimizer", choices = { "SGD", "Adam" }, description = "how each step is taken: SGD (with momentum) or Adam")
	private String optimizer = DEFAULTS.optimizer.label();

	@Parameter(label = "learning_rate", description = "step size")
	private double learning_rate = DEFAULTS.learningRate;

	@Parameter(label = "momentum", description = "SGD only (classical momentum)")
	private double momentum = DEFAULTS.momentum;

	@Parameter(label = "metric", choices = { "L2", "Sobolev", "Preconditioned" },
		description = "how steps are shaped: L2 plain; Sobolev smoother; Preconditioned fastest (the gradient's metric)")
	private String metric = DEFAULTS.metric.label();

	@Parameter(label = "epsilon", description = "Preconditioned only: keeps noise from being amplified (regularises the blur's K^T K)")
	private double epsilon = DEFAULTS.epsilon;

	@Parameter(label = "log_every", description = "a loss row and a snapshot every N iterations")
	private int log_every = DEFAULTS.logEvery;

	@Parameter(label = "start", choices = { "zero", "observed" }, description = "first guess: zeros or the blurred input")
	private String start = DEFAULTS.start.label();

	@Parameter(label = "gradient", choices = { "analytic", "autodiff" },
		description = "analytic: fast; autodiff: by the deep-learning library (ND4J SameDiff), slower, same numbers")
	private String gradient = DEFAULTS.gradient.label();

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
		DeblurSettings settings = settings();
		requireMemory(settings);
		Planes y = Planes.read(input);
		log.info(settings.gradient == GradientMode.AUTODIFF ? "Deblur Signal on " + OnceLines.backend(Backend.describe())
			: "Deblur Signal: analytic gradient in plain Java on the CPU, " + (y.isSignal() ? "1 thread (1-D)"
				: cnnsandbox.backend.Threads.forWorkload(cnnsandbox.backend.Threads.Workload.BATCH) + " threads")
				+ " (gradient=autodiff runs ND4J SameDiff)");

		List<DeblurResult> results = runStoppable("Deblur Signal", "no output was produced", () -> {
			List<DeblurResult> done = new ArrayList<>();
			TimeLeft clock = new TimeLeft();
			for (int p = 0; p < y.planes.size(); p++) {
				int plane = p;
				if (!done.isEmpty() && done.get(done.size() - 1).stoppedAt >= 0) break; // stopped: the planes done so far
				done.add(Deblurrer.run(y.planes.get(p), y.width, y.height, settings,
					(it, total) -> status.showStatus((int) ((long) plane * total + it), total * y.planes.size(),
						"Deblur Signal: iteration " + it + "/" + total + (y.planes.size() > 1 ? ", plane " + (plane + 1) + "/" + y.planes.size() : "")
							+ clock.after((long) plane * total + it, (long) total * y.planes.size())),
					stopRequested(), true)); // Esc keeps the x reached (a cancelled module still loses its outputs)
			}
			return done;
		});
		if (results == null) return;
		DeblurResult lastPlane = results.get(results.size() - 1);
		if (lastPlane.stoppedAt >= 0)
			log.warn("Deblur Signal stopped at iteration " + lastPlane.stoppedAt + " of " + settings.iterations
				+ (y.planes.size() > 1 ? " in plane " + results.size() + " of " + y.planes.size() + " (the outputs hold planes 1 to " + results.size() + ")" : "")
				+ ": Deblurred is the x reached then, not the result of all iterations");

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
		loss_table = DeblurOutputs.lossTable(results);
		plot = y.isSignal() ? DeblurOutputs.signalPlot(y.planes.get(0), results.get(0)) : DeblurOutputs.lossPlot(results);
		LogRow last = results.get(0).log.get(results.get(0).log.size() - 1);
		log.info(String.format("Deblur Signal: loss %.6g at iteration %d (max |x| %.4g), %.2f s", last.loss, last.iteration,
			last.maxAbsX, last.seconds));
	}

	/**
	 * The image's planes as doubles, about ten working arrays of that size per plane (signal, gradient, momentum,
	 * blur buffers, outputs), and one snapshot (double and float copies) per logged iteration.
	 */
	private void requireMemory(DeblurSettings s) {
		long pixels = 1;
		for (int d = 0; d < input.numDimensions(); d++) pixels = MemoryBudget.times(pixels, input.dimension(d));
		long snapshots = s.iterations / Math.max(1, s.logEvery) + 2;
		long bytes = MemoryBudget.times(pixels, 8, 12) + MemoryBudget.times(pixels, snapshots, 12);
		StringBuilder size = new StringBuilder();
		for (int d = 0; d < input.numDimensions(); d++) size.append(d == 0 ? "" : " x ").append(input.dimension(d));
		MemoryBudget.require(bytes, "the input image (" + size + ") with " + snapshots + " snapshots (iterations=" + s.iterations
			+ ", log_every=" + s.logEvery + ")");
	}

	private DeblurSettings settings() {
		DeblurSettings s = new DeblurSettings();
		s.sigma = sigma;
		s.iterations = iterations;
		s.optimizer = Options.choice("optimizer", optimizer, Optimizer.class);
		s.learningRate = learning_rate;
		s.momentum = momentum;
		s.metric = Options.choice("metric", metric, MetricKind.class);
		s.epsilon = epsilon;
		s.logEvery = log_every;
		s.start = Options.choice("start", start, InitialGuess.class);
		s.gradient = Options.choice("gradient", gradient, GradientMode.class);
		// 0 means the image's calibration, which only the host knows
		s.dx = Options.nonNegative("pixel_width", pixel_width) > 0 ? pixel_width : host.pixelWidth(input);
		s.validate();
		return s;
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
