package cnnsandbox.commands;

import java.util.Random;

import org.nd4j.linalg.factory.Nd4j;

import cnnsandbox.training.Classifier;
import ij.measure.ResultsTable;

/** The deletion test of attribution maps (Samek et al. 2017, one point of the curve): zero a fraction of pixels. */
final class Deletion {

	private Deletion() {}

	/**
	 * The mean drop of p(target) over n images {x} when the {@code fraction} of pixels with the largest |attribution|
	 * are set to 0, and when as many random pixels are: {top, random}.
	 */
	static double[] drops(Classifier model, float[] x, float[] attribution, ResultsTable t, int n, double fraction, Random random) {
		int p = model.inputRows() * model.inputCols(), k = (int) Math.round(fraction * p);
		float[] top = x.clone(), rnd = x.clone();
		for (int i = 0; i < n; i++) {
			Integer[] order = new Integer[p];
			for (int q = 0; q < p; q++) order[q] = q;
			int at = i * p;
			java.util.Arrays.sort(order, (a, b) -> Float.compare(Math.abs(attribution[at + b]), Math.abs(attribution[at + a])));
			for (int r = 0; r < k; r++) top[at + order[r]] = 0;
			for (int r = 0; r < p; r++) { // Fisher-Yates: the first k of a random permutation
				int j = r + random.nextInt(p - r);
				Integer s = order[r];
				order[r] = order[j];
				order[j] = s;
			}
			for (int r = 0; r < k; r++) rnd[at + order[r]] = 0;
		}
		float[] p0 = model.probabilities(Nd4j.create(x, new long[] { n, 1, model.inputRows(), model.inputCols() }, 'c')).data().asFloat();
		float[] p1 = model.probabilities(Nd4j.create(top, new long[] { n, 1, model.inputRows(), model.inputCols() }, 'c')).data().asFloat();
		float[] p2 = model.probabilities(Nd4j.create(rnd, new long[] { n, 1, model.inputRows(), model.inputCols() }, 'c')).data().asFloat();
		int classes = model.classNames().size();
		double dTop = 0, dRandom = 0;
		for (int i = 0; i < n; i++) {
			int c = model.classNames().indexOf(t.getStringValue("target", i));
			dTop += p0[i * classes + c] - p1[i * classes + c];
			dRandom += p0[i * classes + c] - p2[i * classes + c];
		}
		return new double[] { dTop / n, dRandom / n };
	}
}
