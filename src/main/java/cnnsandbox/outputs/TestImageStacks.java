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
		for (int i = 0; i < test.n && stack.getSize() < max; i++) {
			int truth = test.labels[i], predicted = predictions[i];
			if (predicted == truth || (trueClass >= 0 && truth != trueClass)
				|| (predictedClass >= 0 && predicted != predictedClass)) continue;
			stack.addSlice("#" + i + ": " + names.get(truth) + " -> " + names.get(predicted),
				new FloatProcessor(test.cols, test.rows, test.image(i)));
		}
		if (stack.getSize() == 0) return null;
		ImagePlus imp = new ImagePlus(title, stack);
		imp.setDisplayRange(0, 1);
		return imp;
	}
}
