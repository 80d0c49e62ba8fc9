package cnnsandbox.explain;

import cnnsandbox.options.Options;

/** The keys of an explanation run, with their defaults; {@link #validate} checks them before any work. */
public final class ExplainSettings {

	/** The layer key's value that means "the last conv layer". */
	public static final String LAST_CONV = "auto";

	public Method method = Method.GRADIENT;
	/** SmoothGrad: noisy copies per image. 25 is within Smilkov et al.'s 20-50, where the maps stop changing. */
	public int samples = 25;
	/** SmoothGrad: the noise's standard deviation in input units; 0.15 of the [0, 1] range (the paper: 10-20 %). */
	public double noise = 0.15;
	/** Integrated gradients: steps of the midpoint rule; 64 keeps completeness within 1 % on the Fashion models. */
	public int steps = 64;
	public Baseline baseline = Baseline.BLACK;
	/** Occlusion: side of the square window and its stride, in model input pixels. */
	public int window = 4, stride = 2;
	/** Grad-CAM: a conv layer's name, or {@link #LAST_CONV}. */
	public String layer = LAST_CONV;
	/** SmoothGrad's noise seed: the same image gives the same map. */
	public long seed = 1;

	public ExplainSettings validate() {
		Options.between("samples", samples, 1, 10_000);
		Options.positive("noise", noise);
		Options.between("steps", steps, 1, 10_000);
		Options.between("window", window, 1, 4096);
		Options.between("stride", stride, 1, 4096);
		return this;
	}
}
