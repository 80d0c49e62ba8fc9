package cnnsandbox.classify;

import cnnsandbox.options.Options;

/**
 * What a model takes as its input, from a pixel p in [0, 1] as Classify Image prepares it (an 8-bit value / 255):
 * {@code (p * scale - mean) / std}. The sandbox's own models take p itself (scale 1, mean 0, std 1); an imported
 * model keeps what it was trained on, e.g. torchvision's {@code Normalize(0.2860, 0.3530)} (scale 1) or a bioimage.io
 * package's {@code zero_mean_unit_variance} on 0-255 values (scale 255). Stored with the model, applied by every
 * command that prepares an image for it.
 */
public final class InputPreparation {

	public static final InputPreparation IDENTITY = new InputPreparation(1, 0, 1);

	public final double scale, mean, std;

	private InputPreparation(double scale, double mean, double std) {
		this.scale = scale;
		this.mean = mean;
		this.std = std;
	}

	/** Checked: scale and std finite and non-zero (std > 0), mean finite; each bad value named by its key. */
	public static InputPreparation of(double scale, double mean, double std) {
		if (!Double.isFinite(scale) || scale == 0) throw Options.bad("scale", "a finite number other than 0", scale);
		if (!Double.isFinite(mean)) throw Options.bad("mean", "a finite number", mean);
		Options.positive("std", std);
		return scale == 1 && mean == 0 && std == 1 ? IDENTITY : new InputPreparation(scale, mean, std);
	}

	/** u = a * p + b: the same map written as an affine one; {@link #then} composes such maps. */
	static InputPreparation affine(double a, double b) {
		return of(a, -b, 1);
	}

	/** This preparation followed by {@code u -> gain * u + offset} (a chain of preprocessing steps), as one. */
	public InputPreparation then(double gain, double offset) {
		double a = scale / std, b = -mean / std;
		return affine(gain * a, gain * b + offset);
	}

	public boolean isIdentity() {
		return this == IDENTITY;
	}

	/** Prepares pixels in place. */
	public void apply(float[] v) {
		if (isIdentity()) return;
		for (int i = 0; i < v.length; i++) v[i] = (float) ((v[i] * scale - mean) / std);
	}

	@Override
	public String toString() {
		return isIdentity() ? "pixels in [0, 1]" : "(pixel * " + scale + " - " + mean + ") / " + std;
	}
}
