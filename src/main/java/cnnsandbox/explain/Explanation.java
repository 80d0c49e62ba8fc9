package cnnsandbox.explain;

import cnnsandbox.engine.Engine;

/** The attribution maps of n images and what the model said about each. */
public final class Explanation {

	public final Method method;
	public final int n, rows, cols;
	/** [n, rows, cols], row-major: one map per image, in the model's input geometry. */
	public final float[] attribution;
	/** The most probable class of each image, and its probability. */
	public final int[] predicted;
	public final float[] probability;
	/** The class explained for each image, and its probability. */
	public final int[] target;
	public final float[] targetProbability;
	/** The sum of each map (integrated gradients: close to log p(target | x) - log p(target | baseline)). */
	public final double[] sum;
	/** Grad-CAM: the layer whose maps were used; else null. */
	public final String layer;
	/** A line for the log about how the maps were made (integrated gradients' refinement), or null. */
	String note;

	Explanation(Method method, int n, int rows, int cols, float[] attribution, float[] logp, int classes, int[] target, String layer) {
		this.method = method;
		this.n = n;
		this.rows = rows;
		this.cols = cols;
		this.attribution = attribution;
		this.target = target;
		this.layer = layer;
		predicted = new int[n];
		probability = new float[n];
		targetProbability = new float[n];
		sum = new double[n];
		int pixels = rows * cols;
		for (int i = 0; i < n; i++) {
			predicted[i] = Engine.argmax(logp, i * classes, classes);
			probability[i] = (float) Math.exp(logp[i * classes + predicted[i]]);
			targetProbability[i] = (float) Math.exp(logp[i * classes + target[i]]);
			double s = 0;
			for (int q = 0; q < pixels; q++)
				s += attribution[i * pixels + q];
			sum[i] = s;
		}
	}

	/** A line for the log about how the maps were made (integrated gradients' refinement), or null. */
	public String note() {
		return note;
	}
}
