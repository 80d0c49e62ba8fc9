package cnnsandbox.classify;

/**
 * Scales pixel values to [0, 1] the way the training data was scaled (8-bit grey / 255, as torchvision's ToTensor).
 * 8-bit and RGB images are divided by 255 exactly, so Fashion-MNIST images reproduce the training inputs bit for bit;
 * other images, whose range says nothing absolute, are stretched from their own minimum to maximum.
 */
public enum Intensity {
	/** 8-bit grey or RGB luminance: value / 255. */
	BYTE,
	/** 32-bit already in [0, 1]: unchanged. */
	UNIT,
	/** Anything else: (value - min) / (max - min) per image. */
	STRETCH;

	public void apply(double[] v) {
		for (double x : v) {
			if (!Double.isFinite(x)) throw new IllegalArgumentException("the image contains NaN or infinite pixels: replace them first");
		}
		if (this == BYTE) {
			for (int i = 0; i < v.length; i++) v[i] /= 255.0;
		}
		else if (this == STRETCH) {
			double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
			for (double x : v) {
				min = Math.min(min, x);
				max = Math.max(max, x);
			}
			double range = max > min ? max - min : 1;
			for (int i = 0; i < v.length; i++) v[i] = (v[i] - min) / range;
		}
	}

	/** The scaling for a 32-bit image: UNIT when all values lie in [0, 1], else STRETCH. */
	public static Intensity forFloat(double[] v) {
		for (double x : v) {
			if (x < 0 || x > 1) return STRETCH;
		}
		return UNIT;
	}
}
