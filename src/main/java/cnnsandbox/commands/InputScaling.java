package cnnsandbox.commands;

import cnnsandbox.classify.Intensity;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Util;

/**
 * How the planes of an open image become a classifier's input intensities in [0, 1]: one rule for Classify Image,
 * Show Activations and training from an open image. 8-bit and RGB are /255 like the training data; 32-bit in [0, 1]
 * is kept; the rest is stretched per slice.
 */
final class InputScaling {

	private final Intensity intensity;

	private InputScaling(Intensity intensity) {
		this.intensity = intensity;
	}

	static InputScaling of(RandomAccessibleInterval<?> image) {
		Object type = Util.getTypeFromInterval(image);
		if (type instanceof UnsignedByteType || type instanceof ARGBType) return new InputScaling(Intensity.BYTE);
		if (type instanceof FloatType) return new InputScaling(Intensity.UNIT); // decided per slice by Intensity.forFloat
		return new InputScaling(Intensity.STRETCH);
	}

	/** Scales one plane in place. */
	void apply(double[] v) {
		(intensity == Intensity.UNIT ? Intensity.forFloat(v) : intensity).apply(v);
	}
}
