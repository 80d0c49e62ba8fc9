package cnnsandbox.outputs;

import java.util.List;

import cnnsandbox.data.LabeledImages;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/** Labelled stacks of Fashion-MNIST test images, each slice named after its index, true and predicted class. */
public final class TestImageStacks {

	private TestImageStacks() {}

	/** Up to {@code max} test images whose prediction differs from their label; null when there are none. */
	public static ImagePlus misclassified(LabeledImages test, int[] predictions, List<String> names, int max) {
		return select(test, predictions, names, max, -1, -1, "Misclassified");
	}

	/**
	 * Test images of class {@code trueClass} predicted as {@code predictedClass} (-1 = any other than the truth),
	 * at most {@code max}; null when there are none.
	 */
	public static ImagePlus select(LabeledImages test, int[] predictions, List<String> names, int max, int trueClass,
		int predictedClass, String title) {
		ImageStack stack = new ImageStack(test.cols, test.rows);
		java.util.List<float[]> images = new java.util.ArrayList<>(); // colour and multi-channel images, shown at the end
		java.util.List<String> labels = new java.util.ArrayList<>();
		for (int i = 0; i < test.n && labels.size() < max; i++) {
			int truth = test.labels[i], predicted = predictions[i];
			if (predicted == truth || (trueClass >= 0 && truth != trueClass)
				|| (predictedClass >= 0 && predicted != predictedClass)) continue;
			String label = "#" + i + ": " + names.get(truth) + " -> " + names.get(predicted);
			labels.add(label);
			if (test.channels == 1)
				stack.addSlice(label, new FloatProcessor(test.cols, test.rows, test.image(i)));
			else
				images.add(test.image(i));
		}
		if (labels.isEmpty()) return null;
		if (test.channels > 1) {
			float[] all = new float[images.size() * test.imageSize()];
			for (int k = 0; k < images.size(); k++)
				System.arraycopy(images.get(k), 0, all, k * test.imageSize(), test.imageSize());
			return ChannelImages.of(title, all, images.size(), test.channels, test.rows, test.cols, labels, 0, 1);
		}
		ImagePlus imp = new ImagePlus(title, stack);
		imp.setDisplayRange(0, 1);
		return imp;
	}
}
