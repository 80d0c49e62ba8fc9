package cnnsandbox.commands;

import java.io.IOException;
import java.util.List;

import cnnsandbox.data.Dataset;
import cnnsandbox.training.TrainingSettings;
import net.imglib2.RandomAccessibleInterval;

/**
 * The training and test images that training settings name (data_dir or an image, input_size, test_fraction, seed,
 * limits).
 */
final class TrainingData {

	private TrainingData() {}

	/** @throws IllegalArgumentException with the reader's one-line message */
	static Dataset.Split load(TrainingSettings s) {
		try {
			return Dataset.load(s.dataDir, s.data, s.seed);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
	}

	/**
	 * The slices of {@code image}, named after their classes by {@code labels} (the host's slice labels), scaled as
	 * Classify Image scales its inputs.
	 */
	static Dataset.Split fromImage(RandomAccessibleInterval<?> image, List<String> labels, TrainingSettings s) {
		if (image == null)
			throw new IllegalArgumentException("data_source=image needs an open image: a stack whose slice labels name the classes");
		Planes planes = Planes.readLuminance(image);
		InputScaling scaling = InputScaling.of(image);
		for (double[] v : planes.planes)
			scaling.apply(v);
		return Dataset.fromSlices(planes.planes, planes.width, planes.height, labels, s.data, s.seed);
	}
}
