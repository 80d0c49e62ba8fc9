package cnnsandbox.commands;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import cnnsandbox.data.ChannelMode;
import cnnsandbox.data.Dataset;
import cnnsandbox.training.TrainingSettings;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.util.Util;

/**
 * The training and test images that training settings name (data_dir or an image, input_size, test_fraction, seed,
 * limits, channels).
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
	 * Classify Image scales its inputs. Each slice is one image; of a hyperstack ({@code czt}: the host's channels,
	 * slices and frames, or null), each (z, t) position is one image of its C channels, named by its channels' label.
	 * An RGB stack is grey (luminance) or, with channels=color, 3 channels; so is a grey stack with channels=color.
	 */
	static Dataset.Split fromImage(RandomAccessibleInterval<?> image, List<String> labels, int[] czt, TrainingSettings s) {
		if (image == null)
			throw new IllegalArgumentException("data_source=image needs an open image: a stack whose slice labels name the classes");
		boolean color = s.data.channels == ChannelMode.COLOR, rgb = Util.getTypeFromInterval(image) instanceof ARGBType;
		Planes planes = color && rgb ? Planes.readRgb(image) : Planes.readLuminance(image);
		InputScaling scaling = InputScaling.of(image);
		for (double[] v : planes.planes)
			scaling.apply(v);
		int channels = color && rgb ? 3 : 1;
		List<double[]> values = planes.planes;
		if (czt != null && czt[0] > 1 && (long) czt[0] * czt[1] * czt[2] == planes.planes.size()) {
			channels = czt[0];
			labels = labels == null ? null : ChannelInput.positionLabels(labels, channels, true);
		}
		else if (color && !rgb) { // a grey stack as colour: R = G = B, as a grey image in a colour folder
			values = new ArrayList<>();
			for (double[] v : planes.planes)
				for (int c = 0; c < 3; c++)
					values.add(v);
			channels = 3;
		}
		return Dataset.fromSlices(values, channels, planes.width, planes.height, labels, s.data, s.seed);
	}
}
