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
import cnnsandbox.deblur.NoiseModel;
import cnnsandbox.deblur.Psf;
import cnnsandbox.deblur.Regularizer;
import cnnsandbox.training.Optimizer;
import cnnsandbox.options.Options;
import cnnsandbox.outputs.DeblurOutputs;
import ij.gui.Plot;
import ij.measure.ResultsTable;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Deblur Signal: recovers x from y = k * x. On noise-free data (the workshop's signal; noise=none) by the workshop's
 * gradient descent with a choice of descent metric that shows why plain L2 descent stalls; on noisy images by a
 * regularised solver with the boundary unknown, its weight and stopping automatic (docs/deblurring.md). A 1 x N or
 * N x 1 image is a signal; a stack is deconvolved as a volume when the blur has a z extent (sigma_z > 0 or a 3-D
 * psf), each further dimension (time, channel) one volume at a time; otherwise each plane on its own.
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

	@Parameter(label = "noise", choices = { "auto", "none", "gaussian", "poisson" },
		description = "auto: estimate the noise (none found: the workshop's descent); poisson: Richardson-Lucy")
	private String noise = DEFAULTS.noise.label();

	@Parameter(label = "regularizer", choices = { "auto", "none", "tikhonov", "tv" },
		description = "auto: TV + Tikhonov; tikhonov: squared gradient (Sobolev); tv: total variation")
	private String regularizer = DEFAULTS.regularizer.label();

	@Parameter(label = "weight", description = "regularisation weight; 0 = from the estimated noise")
	private double weight = DEFAULTS.weight;

	@Parameter(label = "positive", description = "constrain the deblurred image to x >= 0")
	private boolean positive = DEFAULTS.positive;

	@Parameter(label = "sigma_z", description = "Gaussian blur sigma along z, in slices; > 0 deconvolves a stack as a volume")
	private double sigma_z = DEFAULTS.sigmaZ;

	@Parameter(label = "units", choices = { "pixels", "calibrated" },
		description = "calibrated: sigma in the image's units (divided by its pixel width)")
	private String units = "pixels";

	@Parameter(label = "tolerance", description = "regularised solvers stop when x changes by less than this (relative)")
	private double tolerance = DEFAULTS.tolerance;

	@Parameter(label = "psf", required = false, persist = false,
		description = "a measured PSF image (2-D or 3-D) instead of the Gaussian of sigma")
	private RandomAccessibleInterval<?> psf;

	@Parameter(label = "ground_truth", required = false, persist = false,
		description = "the sharp image, to log PSNR and SSIM per iteration")
	private RandomAccessibleInterval<?> ground_truth;

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
			: "Deblur Signal: plain Java on the CPU, " + (y.isSignal() ? "1 thread for a 1-D descent"
				: cnnsandbox.backend.Threads.forWorkload(cnnsandbox.backend.Threads.Workload.BATCH) + " threads")
				+ " (the descent's gradient=autodiff runs ND4J SameDiff)");

		Planes truth = ground_truth == null ? null : Planes.read(ground_truth);
		if (truth != null && (truth.width != y.width || truth.height != y.height || truth.planes.size() != y.planes.size())) {
			throw new IllegalArgumentException("ground_truth must have the size of the input (" + y.width + " x " + y.height
				+ " x " + y.planes.size() + "), it is " + truth.width + " x " + truth.height + " x " + truth.planes.size());
		}
		// a stack is one volume when the blur reaches across slices; each channel and time frame is its own volume,
		// the axes as the host's hyperstack gives them (channel fastest, then z, then time), else dimension 2 is z
		int[] czt = host.hyperstackDimensions(input);
		int planes = y.planes.size();
		if (czt == null || (long) czt[0] * czt[1] * czt[2] != planes) {
			int z = input.numDimensions() > 2 ? (int) input.dimension(2) : 1;
			czt = new int[] { 1, z, planes / z };
		}
		boolean volume = !y.isSignal() && czt[1] > 1 && (settings.sigmaZ > 0 || (settings.psf != null && settings.psf.depth > 1));
		int channels = czt[0], depth = volume ? czt[1] : 1;
		int groups = planes / depth;
		// plane indices of each group: a volume (c, t) takes planes c + z C + t C Z; otherwise one plane each
		int[][] members = new int[groups][depth];
		for (int g = 0; g < groups; g++) {
			for (int z = 0; z < depth; z++) {
				members[g][z] = volume ? (g % channels) + z * channels + (g / channels) * channels * depth : g;
			}
		}
		Planes truthPlanes = truth;
		List<DeblurResult> results = runStoppable("Deblur Signal", "no output was produced", () -> {
			List<DeblurResult> done = new ArrayList<>();
			TimeLeft clock = new TimeLeft();
			for (int g = 0; g < groups; g++) {
				int group = g;
				if (!done.isEmpty() && done.get(done.size() - 1).stoppedAt >= 0) break; // stopped: the planes done so far
				done.add(Deblurrer.run(gather(y.planes, members[g]), y.width, y.height, depth, settings,
					truthPlanes == null ? null : gather(truthPlanes.planes, members[g]),
					(it, total) -> status.showStatus((int) ((long) group * total + it), total * groups,
						"Deblur Signal: iteration " + it + "/" + total + (groups > 1 ? (volume ? ", volume " : ", plane ") + (group + 1) + "/" + groups : "")
							+ clock.after((long) group * total + it, (long) total * groups)),
					stopRequested(), true)); // Esc keeps the x reached (a cancelled module still loses its outputs)
			}
			return done;
		});
		if (results == null) return;
		DeblurResult lastPlane = results.get(results.size() - 1);
		if (lastPlane.stoppedAt >= 0)
			log.warn("Deblur Signal stopped at iteration " + lastPlane.stoppedAt + " of " + settings.iterations
				+ (groups > 1 ? " in " + (volume ? "volume " : "plane ") + results.size() + " of " + groups + " (those not reached are the input, unchanged)" : "")
				+ ": Deblurred is the x reached then, not the result of all iterations");

		List<double[]> x = new ArrayList<>(java.util.Collections.nCopies(planes, (double[]) null));
		List<double[]> kx = new ArrayList<>(java.util.Collections.nCopies(planes, (double[]) null));
		List<double[]> snaps = new ArrayList<>();
		int plane = y.width * y.height;
		for (int g = 0; g < results.size(); g++) {
			DeblurResult r = results.get(g);
			for (int z = 0; z < depth; z++) {
				x.set(members[g][z], java.util.Arrays.copyOfRange(r.deblurred, z * plane, (z + 1) * plane));
				kx.set(members[g][z], java.util.Arrays.copyOfRange(r.reblurred, z * plane, (z + 1) * plane));
			}
			for (double[] snap : r.snapshots)
				for (int z = 0; z < snap.length / plane; z++) snaps.add(java.util.Arrays.copyOfRange(snap, z * plane, (z + 1) * plane));
			log.info("Deblur Signal: " + r.method + "; stopped: " + r.stopReason);
		}
		for (int i = 0; i < planes; i++)
			if (x.get(i) == null) { // not reached before a stop
				x.set(i, y.planes.get(i).clone());
				kx.set(i, y.planes.get(i).clone());
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
		// the regularised solvers hold ~20 arrays of the extended grid (the image plus the PSF's reach on each side)
		long bytes = MemoryBudget.times(pixels, 8, input.numDimensions() > 2 && s.sigmaZ > 0 ? 60 : 30)
			+ MemoryBudget.times(pixels, snapshots, 12);
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
		s.noise = Options.choice("noise", noise, NoiseModel.class);
		s.regularizer = Options.choice("regularizer", regularizer, Regularizer.class);
		s.weight = weight;
		s.positive = positive;
		s.sigmaZ = sigma_z;
		s.tolerance = tolerance;
		if (Options.choice("units", units, Units.class) == Units.CALIBRATED) {
			s.sigma = sigma / host.pixelWidth(input);
		}
		if (psf != null) {
			Planes p = Planes.read(psf);
			s.psf = Psf.fromImage(concat(p.planes), p.width, p.height, p.planes.size());
		}
		s.validate();
		return s;
	}

	/** How sigma is given: in pixels, or in the image's calibrated units. */
	enum Units implements Options.Choice {
		PIXELS("pixels"), CALIBRATED("calibrated");

		private final String label;

		Units(String label) {
			this.label = label;
		}

		@Override
		public String label() {
			return label;
		}
	}

	private static double[] gather(List<double[]> planes, int[] indices) {
		List<double[]> parts = new ArrayList<>();
		for (int i : indices) parts.add(planes.get(i));
		return concat(parts);
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
