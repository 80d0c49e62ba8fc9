package cnnsandbox.deblur;

import cnnsandbox.training.Optimizer;
import cnnsandbox.options.Options;

/**
 * Parameters of a deblurring run. The defaults reproduce the workshop (sigma 30 samples, 30001 iterations of SGD
 * with learning rate 1 and momentum 0.5 from x = 0, L2 metric, loss logged every 2500 iterations), except
 * {@code dx}: the workshop divides the loss by its resolution 100 (dx = 0.01); images use dx = 1.
 * Field names follow the macro keys reported by {@link #validate()}.
 */
public final class DeblurSettings {
	/** Default Tikhonov term of the preconditioned metric, tuned on the workshop signal (see the tests). */
	public static final double DEFAULT_EPSILON = 1e-5;

	public double sigma = 30;
	public int iterations = 30001;
	public Optimizer optimizer = Optimizer.SGD;
	public double learningRate = 1;
	/** SGD momentum (PyTorch's classical momentum); Adam uses its default betas and ignores it. */
	public double momentum = 0.5;
	public MetricKind metric = MetricKind.L2;
	public double epsilon = DEFAULT_EPSILON;
	public int logEvery = 2500;
	public InitialGuess start = InitialGuess.ZERO;
	/** dx in the loss: the pixel width (key pixel_width; the command resolves 0 to the image calibration). */
	public double dx = 1;
	public GradientMode gradient = GradientMode.ANALYTIC;
	/** The noise model; auto finds no noise on the workshop signal and then runs the descent above unchanged. */
	public NoiseModel noise = NoiseModel.AUTO;
	public Regularizer regularizer = Regularizer.AUTO;
	/** The regularisation weight; 0 = from the noise level ({@link WeightRule}). */
	public double weight = 0;
	/** Constrain x >= 0. */
	public boolean positive = false;
	/** Gaussian sigma along z for a volume, in slices (0: each plane's blur is 2-D). */
	public double sigmaZ = 0;
	/** A measured PSF (null: the Gaussian of sigma and sigma_z). */
	public Psf psf = null;
	/** The regularised solvers stop when x changes by less than this (relative) between iterations. */
	public double tolerance = 3e-4;

	/** The workshop's settings (as the defaults, with its dx = 1/Resolution = 0.01). */
	public static DeblurSettings workshop() {
		DeblurSettings s = new DeblurSettings();
		s.dx = 0.01;
		return s;
	}

	/** Throws IllegalArgumentException naming the macro key, the bad value and what is allowed (see {@link Options}). */
	public void validate() {
		GaussianKernel.checkSigma("sigma", sigma);
		GaussianKernel.size(sigma); // rejects absurdly wide kernels
		Options.atLeast("iterations", iterations, 1);
		required("optimizer", optimizer, Optimizer.class);
		Options.positive("learning_rate", learningRate);
		Options.unitInterval("momentum", momentum);
		required("metric", metric, MetricKind.class);
		Options.positive("epsilon", epsilon);
		Options.atLeast("log_every", logEvery, 1);
		required("start", start, InitialGuess.class);
		Options.positive("pixel_width", dx);
		required("gradient", gradient, GradientMode.class);
		required("noise", noise, NoiseModel.class);
		required("regularizer", regularizer, Regularizer.class);
		Options.nonNegative("weight", weight);
		if (sigmaZ != 0) {
			GaussianKernel.checkSigma("sigma_z", sigmaZ); // 0: no blur along z
		}
		Options.positiveAtMost("tolerance", tolerance, 1);
	}

	private static <E extends Enum<E> & Options.Choice> void required(String key, E value, Class<E> type) {
		if (value == null) {
			throw Options.bad(key, "one of " + Options.labels(type), null);
		}
	}

	@Override
	public String toString() {
		return "sigma=" + sigma + " iterations=" + iterations + " optimizer=" + optimizer.label()
				+ " learning_rate=" + learningRate + " momentum=" + momentum + " metric=" + metric.label()
				+ " epsilon=" + epsilon + " log_every=" + logEvery + " start=" + start.label() + " pixel_width=" + dx
				+ " gradient=" + gradient.label() + " noise=" + noise.label() + " regularizer=" + regularizer.label()
				+ " weight=" + weight + " positive=" + positive + " sigma_z=" + sigmaZ + " tolerance=" + tolerance
				+ (psf != null ? " psf=(" + psf.width + "x" + psf.height + "x" + psf.depth + ")" : "");
	}
}
