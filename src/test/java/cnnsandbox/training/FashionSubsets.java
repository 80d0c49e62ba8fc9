package cnnsandbox.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;

/** Class subsets of real Fashion-MNIST, as a user's own data would be: classes first..last, relabelled 0.., named. */
public final class FashionSubsets {

	private FashionSubsets() {}

	/** The first {@code perClass} images of each class first..last (0 = all), in the data's order. */
	public static LabeledImages classes(LabeledImages all, int first, int last, int perClass) {
		int[] seen = new int[all.classes()];
		List<Integer> keep = new ArrayList<>();
		for (int i = 0; i < all.n; i++) {
			int c = all.labels[i];
			if (c >= first && c <= last && (perClass == 0 || seen[c]++ < perClass))
				keep.add(i);
		}
		int px = all.imageSize();
		float[] pixels = new float[keep.size() * px];
		int[] labels = new int[keep.size()];
		for (int k = 0; k < keep.size(); k++) {
			System.arraycopy(all.pixels, keep.get(k) * px, pixels, k * px, px);
			labels[k] = all.labels[keep.get(k)] - first;
		}
		return new LabeledImages(all.rows, all.cols, pixels, labels, FashionMnist.CLASS_NAMES.subList(first, last + 1));
	}

	/** A parameter's values, for bit-for-bit comparisons. */
	static float[] values(Classifier c, String name) {
		return c.parameter(name).dup('c').data().asFloat();
	}

	static boolean sameBits(Classifier a, Classifier b) {
		for (String name : a.parameterNames())
			if (!Arrays.equals(values(a, name), values(b, name)))
				return false;
		return true;
	}
}
