package cnnsandbox.deblur;

/** The plain Euclidean metric: the direction is the gradient itself (what PyTorch's optimisers use). */
final class L2Metric implements DescentMetric {
	@Override
	public void direction(double[] gradient, double[] out) {
		if (out != gradient) {
			System.arraycopy(gradient, 0, out, 0, gradient.length);
		}
	}
}
