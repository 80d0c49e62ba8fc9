package cnnsandbox.commands;

import java.util.ArrayList;
import java.util.List;

import cnnsandbox.classify.InputFitter;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.util.Util;

/**
 * An open image as the input images of a model of C channels (C > 1), scaled as training scaled them
 * ({@link InputScaling}): an RGB image's slices as R, G, B (C = 3); a hyperstack of C channels as one image per
 * (z, t) position; a grey image as R = G = B (C = 3), as training with channels=color reads grey images.
 */
final class ChannelInput {

	final int width, height, channels;
	/** One array per image: its channels' planes, one after the other. */
	final List<double[]> images;

	private ChannelInput(int width, int height, int channels, List<double[]> images) {
		this.width = width;
		this.height = height;
		this.channels = channels;
		this.images = images;
	}

	/**
	 * @param czt the host's {channels, slices, frames} of the image, or null
	 * @throws IllegalArgumentException naming what the model takes and what the image has
	 */
	static ChannelInput read(RandomAccessibleInterval<?> input, int[] czt, int channels) {
		boolean rgb = Util.getTypeFromInterval(input) instanceof ARGBType;
		Planes planes = rgb ? Planes.readRgb(input) : Planes.readLuminance(input);
		InputScaling scaling = InputScaling.of(input);
		for (double[] v : planes.planes)
			scaling.apply(v);
		int have = rgb ? 3 : czt != null && (long) czt[0] * czt[1] * czt[2] == planes.planes.size() ? czt[0] : 1;
		int plane = planes.width * planes.height;
		if (have == 1 && channels == 3) have = -1; // grey as R = G = B
		else if (have != channels)
			throw new IllegalArgumentException("the model takes images of " + channels + " channels; this image has " + have
				+ (rgb ? " (RGB)" : have == 1 ? " (give a hyperstack of " + channels + " channels: Image > Hyperstacks > Stack to Hyperstack)" : ""));
		List<double[]> images = new ArrayList<>();
		int step = have == -1 ? 1 : channels;
		for (int i = 0; i + step <= planes.planes.size(); i += step) {
			double[] v = new double[channels * plane];
			for (int c = 0; c < channels; c++)
				System.arraycopy(planes.planes.get(have == -1 ? i : i + c), 0, v, c * plane, plane);
			images.add(v);
		}
		return new ChannelInput(planes.width, planes.height, channels, images);
	}

	/**
	 * One label per hyperstack position: the label its channels carry (ImageJ may give it to one channel only), the
	 * first one set. With {@code strict} (training, where the label is the class), channels of one position that name
	 * two labels are refused.
	 */
	static List<String> positionLabels(List<String> planeLabels, int channels, boolean strict) {
		List<String> labels = new ArrayList<>();
		for (int i = 0; i + channels <= planeLabels.size(); i += channels) {
			String label = null;
			for (int c = 0; c < channels; c++) {
				String l = planeLabels.get(i + c);
				if (l == null || l.equals(label))
					continue;
				if (label == null)
					label = l;
				else if (strict)
					throw new IllegalArgumentException("data_source=image: the channels of image " + (i / channels + 1) + " of the hyperstack are "
						+ "labelled '" + label + "' and '" + l + "'; the channels of one position must name one class");
			}
			labels.add(label);
		}
		return labels;
	}

	/** Every image fitted into rows x cols ({@link InputFitter#fitChannels}), [n, C, rows, cols]. */
	float[] fitted(int rows, int cols, InputFitter.Invert mode, boolean[] inverted, InputFitter.Placement[] placements) {
		InputFitter fitter = new InputFitter(rows, cols, mode);
		int size = channels * rows * cols;
		float[] out = new float[images.size() * size];
		for (int i = 0; i < images.size(); i++) {
			boolean[] flag = new boolean[1];
			InputFitter.Placement[] where = new InputFitter.Placement[1];
			System.arraycopy(fitter.fitChannels(images.get(i), channels, width, height, flag, where), 0, out, i * size, size);
			if (inverted != null) inverted[i] = flag[0];
			if (placements != null) placements[i] = where[0];
		}
		return out;
	}
}
