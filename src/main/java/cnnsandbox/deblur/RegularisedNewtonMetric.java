package cnnsandbox.deblur;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The regularised Newton metric {@code M = 2 dx (K^T K + epsilon I)}, inverted exactly for the zero-padded,
 * cropped blur K that the loss uses. The Hessian of the loss is {@code 2 dx K^T K}, so in this metric every
 * eigen-mode of K^T K with eigenvalue s contracts by the factor {@code s / (s + epsilon)} per unit learning rate:
 * learning rate 1 is natural and always stable, modes well above epsilon converge in a few steps, and epsilon
 * stops the descent from amplifying the frequencies the blur has erased (the noise-dominated ones).
 * <p>
 * K is separable, K = K_columns (x) K_rows, so K^T K = (U_c (x) U_r)(L_c (x) L_r)(U_c (x) U_r)^T with one
 * symmetric eigen-decomposition per axis, computed once (O(n^3) per axis). A direction then costs two matrix
 * products per axis: {@code D = U_c [(U_c^T G U_r) / (2 dx (l_c l_r^T + epsilon))] U_r^T}.
 */
final class RegularisedNewtonMetric implements DescentMetric {
	/** Each axis needs an n x n eigen-decomposition; beyond this it gets too slow and large. */
	static final int MAX_SIDE = 4096;

	private final int width;
	private final int height;
	private final INDArray rowVectors;    // U_r, width x width
	private final INDArray columnVectors; // U_c, height x height; null for a 1-D signal
	private final INDArray inverseWeights; // 1 / (2 dx (l_c l_r + epsilon)), height' x width'
	// 1-D fast path in plain Java: ND4J's per-call overhead dominates for a few hundred samples.
	private final double[] vectors;        // U_r row-major (sample, mode)
	private final double[] vectorsT;       // U_r^T row-major (mode, sample)
	private final double[] weights;        // inverse weights per mode
	private final double[] coefficients;

	RegularisedNewtonMetric(double[] taps, int width, int height, double dx, double epsilon) {
		SignalShape shape = new SignalShape(width, height);
		boolean oneD = shape.isOneDimensional();
		this.width = oneD ? shape.length() : width;
		this.height = oneD ? 1 : height;
		if (this.width > MAX_SIDE || this.height > MAX_SIDE) {
			throw new IllegalArgumentException("metric Preconditioned supports at most " + MAX_SIDE
					+ " pixels along an axis (it eigen-decomposes K^T K per axis); got " + width + " x " + height
					+ ": use Sobolev or crop the image");
		}
		INDArray[] rows = eigen(taps, this.width);
		rowVectors = rows[0];
		INDArray rowValues = rows[1].reshape(1, this.width);
		INDArray products;
		if (oneD) {
			columnVectors = null;
			products = rowValues;
		} else {
			INDArray[] cols = this.height == this.width ? rows : eigen(taps, this.height);
			columnVectors = cols[0];
			products = cols[1].reshape(this.height, 1).mmul(rowValues); // outer product l_c l_r^T
		}
		inverseWeights = Transforms.inverseOf(products, 2 * dx, epsilon);
		if (oneD) {
			vectors = rowVectors.dup('c').data().asDouble();
			vectorsT = rowVectors.transpose().dup('c').data().asDouble();
			weights = inverseWeights.dup('c').data().asDouble();
			coefficients = new double[this.width];
		} else {
			vectors = null;
			vectorsT = null;
			weights = null;
			coefficients = null;
		}
	}

	/** 1-D: d = U diag(w) U^T g, both products as row AXPYs so that HotSpot vectorises them. */
	private void direction1d(double[] g, double[] out) {
		int n = width;
		double[] c = coefficients;
		java.util.Arrays.fill(c, 0);
		for (int i = 0; i < n; i++) {
			double gi = g[i];
			int row = i * n;
			for (int m = 0; m < n; m++) {
				c[m] += gi * vectors[row + m];
			}
		}
		for (int m = 0; m < n; m++) {
			c[m] *= weights[m];
		}
		java.util.Arrays.fill(out, 0);
		for (int m = 0; m < n; m++) {
			double cm = c[m];
			int row = m * n;
			for (int i = 0; i < n; i++) {
				out[i] += cm * vectorsT[row + i];
			}
		}
	}

	/**
	 * Eigenvectors (columns) and eigenvalues (clamped at 0) of T^T T, T the n x n cropped convolution matrix.
	 * <p>
	 * LAPACK first (fast), checked: the OpenBLAS bundled with ND4J M2.1 returns eigenvectors that are far from
	 * orthonormal on AVX-512 CPUs (its SkylakeX kernels: max |U^T U - I| = 17.8 for the workshop's 601 x 601
	 * Gram matrix, 1e-14 with OPENBLAS_CORETYPE=Haswell), and the descent then diverges. When the check fails,
	 * commons-math's pure-Java decomposition is used (0.7 s for 601, 3.3 s for 1024 measured here).
	 */
	static INDArray[] eigen(double[] taps, int n) {
		double[] t = convolutionMatrix(taps, n);
		INDArray matrix = Nd4j.create(t, new long[] {n, n}, DataType.DOUBLE);
		INDArray gram = matrix.transpose().mmul(matrix).dup('f');
		INDArray gramCopy = gram.dup('c');
		INDArray values = Eigen.symmetricGeneralizedEigenvalues(gram, true); // gram now holds the eigenvectors
		INDArray vectors = gram.dup('c');
		if (!isOrthonormal(vectors)) {
			EigenDecomposition exact = new EigenDecomposition(
					new Array2DRowRealMatrix(gramCopy.toDoubleMatrix(), false));
			vectors = Nd4j.create(exact.getV().getData());
			values = Nd4j.create(exact.getRealEigenvalues(), new long[] {n}, DataType.DOUBLE);
		}
		values = values.castTo(DataType.DOUBLE).reshape(n);
		Transforms.clampAtZero(values);
		return new INDArray[] {vectors.castTo(DataType.DOUBLE), values};
	}

	/** The n x n matrix of the zero-padded, cropped convolution with {@code taps} (odd length), row-major. */
	static double[] convolutionMatrix(double[] taps, int n) {
		int h = taps.length / 2;
		double[] t = new double[n * n];
		for (int i = 0; i < n; i++) {
			for (int j = Math.max(0, i - h); j <= Math.min(n - 1, i + h); j++) {
				t[i * n + j] = taps[j - i + h];
			}
		}
		return t;
	}

	/** max |U^T U - I| below 1e-8: the eigenvectors from LAPACK can be trusted. */
	static boolean isOrthonormal(INDArray u) {
		INDArray gram = u.transpose().mmul(u);
		gram.subi(Nd4j.eye(u.columns()).castTo(gram.dataType()));
		double error = gram.amaxNumber().doubleValue();
		return error < 1e-8;
	}

	@Override
	public void direction(double[] gradient, double[] out) {
		if (vectors != null) {
			direction1d(gradient, out);
			return;
		}
		INDArray g = Nd4j.create(gradient, new long[] {height, width}, DataType.DOUBLE);
		INDArray coefficients = g.mmul(rowVectors);
		if (columnVectors != null) {
			coefficients = columnVectors.transpose().mmul(coefficients);
		}
		coefficients.muli(inverseWeights);
		INDArray d = coefficients.mmul(rowVectors.transpose());
		if (columnVectors != null) {
			d = columnVectors.mmul(d);
		}
		double[] values = d.dup('c').data().asDouble();
		System.arraycopy(values, 0, out, 0, out.length);
	}

	/** Small element-wise helpers kept out of the main logic. */
	private static final class Transforms {
		static INDArray inverseOf(INDArray s, double scale, double epsilon) {
			double[] v = s.dup('c').data().asDouble();
			for (int i = 0; i < v.length; i++) {
				v[i] = 1 / (scale * (Math.max(v[i], 0) + epsilon));
			}
			return Nd4j.create(v, s.shape(), DataType.DOUBLE);
		}

		static void clampAtZero(INDArray values) {
			// Round-off can make the smallest eigenvalues of a Gram matrix slightly negative.
			for (long i = 0; i < values.length(); i++) {
				if (values.getDouble(i) < 0) {
					values.putScalar(i, 0.0);
				}
			}
		}
	}
}
