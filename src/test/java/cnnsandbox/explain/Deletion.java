package cnnsandbox.explain;

import java.util.Arrays;
import java.util.Random;

import org.nd4j.linalg.factory.Nd4j;

import cnnsandbox.training.Classifier;

/**
 * The deletion test of attribution maps (Samek et al. 2017): set the pixels with the largest |attribution| to 0, and
 * as many random pixels, and see how much p(target) falls. Used by ExplainClassificationTest (one fraction, a few
 * hundred images) and ExplainBench (the curve, 1,000 images).
 */
public final class Deletion {

	private Deletion() {}

	/**
	 * The mean drop of p(target) over n images x [n, pixels] when the {@code fraction} of pixels with the largest
	 * |attribution| are set to 0, and when as many random pixels are: {top, random}.
	 */
	public static double[] drops(Classifier model, float[] x, float[] attribution, int[] target, int n, double fraction, Random random) {
		int p = model.inputRows() * model.inputCols(), k = (int) Math.round(fraction * p);
		float[] top = Arrays.copyOf(x, n * p), rnd = Arrays.copyOf(x, n * p);
		for (int i = 0; i < n; i++) {
			Integer[] order = new Integer[p];
			for (int q = 0; q < p; q++) order[q] = q;
			int at = i * p;
			Arrays.sort(order, (a, b) -> Float.compare(Math.abs(attribution[at + b]), Math.abs(attribution[at + a])));
			for (int r = 0; r < k; r++) top[at + order[r]] = 0;
			for (int r = 0; r < k; r++) { // Fisher-Yates: the first k of a random permutation
				int j = r + random.nextInt(p - r);
				Integer s = order[r];
				order[r] = order[j];
				order[j] = s;
			}
			for (int r = 0; r < k; r++) rnd[at + order[r]] = 0;
		}
		float[] p0 = probabilities(model, Arrays.copyOf(x, n * p), n), p1 = probabilities(model, top, n), p2 = probabilities(model, rnd, n);
		int classes = model.classNames().size();
		double dTop = 0, dRandom = 0;
		for (int i = 0; i < n; i++) {
			int c = target[i];
			dTop += p0[i * classes + c] - p1[i * classes + c];
			dRandom += p0[i * classes + c] - p2[i * classes + c];
		}
		return new double[] { dTop / n, dRandom / n };
	}

	static float[] probabilities(Classifier model, float[] x, int n) {
		return model.probabilities(Nd4j.create(x, new long[] { n, 1, model.inputRows(), model.inputCols() }, 'c')).data().asFloat();
	}
}
