package cnnsandbox.data;

import java.util.Arrays;

/** Test and benchmark fixture: labelled images with one class cut to a fraction of the others' mean count. */
public final class ImbalancedSubset {

	private ImbalancedSubset() {}

	/**
	 * All images of {@code from} except class {@code rare}, of which only the first
	 * round(fraction x the other classes' mean count) are kept, in their order.
	 */
	public static LabeledImages of(LabeledImages from, int rare, double fraction) {
		int[] counts = new int[from.classes()];
		for (int l : from.labels)
			counts[l]++;
		int others = from.n - counts[rare];
		int keepRare = (int) Math.round(fraction * others / (from.classes() - 1.0));
		int size = from.imageSize(), m = 0, rareSeen = 0;
		int[] keep = new int[from.n];
		for (int i = 0; i < from.n; i++)
			if (from.labels[i] != rare || rareSeen++ < keepRare)
				keep[m++] = i;
		float[] pixels = new float[m * size];
		int[] labels = new int[m];
		for (int k = 0; k < m; k++) {
			System.arraycopy(from.pixels, keep[k] * size, pixels, k * size, size);
			labels[k] = from.labels[keep[k]];
		}
		return new LabeledImages(from.rows, from.cols, pixels, Arrays.copyOf(labels, m), from.classNames);
	}
}
