package cnnsandbox.deblur;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RegularisedNewtonMetricTest {

	/**
	 * The workshop's 601 x 601 Gram matrix: the eigenbasis must be orthonormal and rebuild the matrix, whichever
	 * BLAS kernels the CPU gets (OpenBLAS's SkylakeX dsyev fails the first check; the metric then falls back).
	 */
	@Test
	void eigenbasisOfTheWorkshopBlurIsOrthonormalAndExact() {
		int n = 601;
		double[] taps = GaussianKernel.taps(30);
		INDArray[] eigen = RegularisedNewtonMetric.eigen(taps, n);
		INDArray u = eigen[0], values = eigen[1];
		assertTrue(RegularisedNewtonMetric.isOrthonormal(u), "eigenvectors are not orthonormal");
		INDArray t = Nd4j.create(RegularisedNewtonMetric.convolutionMatrix(taps, n), new long[] {n, n}, DataType.DOUBLE);
		INDArray gram = t.transpose().mmul(t);
		INDArray rebuilt = u.mulRowVector(values.reshape(1, n)).mmul(u.transpose());
		double error = rebuilt.sub(gram).amaxNumber().doubleValue();
		assertTrue(error < 1e-10, "U diag(l) U^T differs from T^T T by " + error);
		assertTrue(values.minNumber().doubleValue() >= 0, "eigenvalues are clamped at 0");
	}
}
