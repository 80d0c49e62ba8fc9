package cnnsandbox.deblur;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

class BlurOperatorTest {
	private static double[] random(int n, long seed) {
		Random r = new Random(seed);
		double[] v = new double[n];
		for (int i = 0; i < n; i++) {
			v[i] = r.nextGaussian();
		}
		return v;
	}

	private static double dot(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) {
			s += a[i] * b[i];
		}
		return s;
	}

	private static void assertAdjoint(BlurOperator k, int n) {
		double[] x = random(n, 1);
		double[] r = random(n, 2);
		double[] kx = new double[n];
		double[] ktr = new double[n];
		k.apply(x, kx);
		k.applyAdjoint(r, ktr);
		assertEquals(dot(kx, r), dot(x, ktr), 1e-12 * Math.sqrt(n));
	}

	@Test
	void adjointIdentity1D() {
		assertAdjoint(new BlurOperator(30, 601, 1), 601);
		assertAdjoint(new BlurOperator(3, 1, 50), 50); // a column is a 1-D signal too
	}

	@Test
	void adjointIdentity2D() {
		assertAdjoint(new BlurOperator(2.5, 37, 23), 37 * 23);
	}

	@Test
	void adjointIdentityForAnAsymmetricKernel() {
		assertAdjoint(new BlurOperator(new double[] {0.5, 0.3, 0.2}, 17, 1), 17);
		assertAdjoint(new BlurOperator(new double[] {0.1, 0.6, 0.3}, 9, 7), 63);
	}

	@Test
	void matchesDirectZeroPaddedConvolution() {
		matchesDirect(50, 4);
		matchesDirect(10, 4);   // kernel (25 taps) longer than the signal
		matchesDirect(601, 30);
		matchesDirect(7, 0.5);
	}

	private static void matchesDirect(int n, double sigma) {
		double[] k = GaussianKernel.taps(sigma);
		int h = k.length / 2;
		double[] x = random(n, 3);
		double[] out = new double[n];
		new BlurOperator(sigma, n, 1).apply(x, out);
		for (int i = 0; i < n; i++) {
			double s = 0;
			for (int j = 0; j < k.length; j++) {
				int src = i + j - h;
				if (src >= 0 && src < n) {
					s += k[j] * x[src];
				}
			}
			assertEquals(s, out[i], 1e-14);
		}
	}

	@Test
	void twoDimensionalBlurIsSeparable() {
		int w = 20;
		int hgt = 15;
		double[] x = random(w * hgt, 4);
		double[] out = new double[w * hgt];
		new BlurOperator(1.5, w, hgt).apply(x, out);
		// rows then columns, each by the 1-D operator
		double[] rows = new double[w * hgt];
		BlurOperator row = new BlurOperator(1.5, w, 1);
		for (int r = 0; r < hgt; r++) {
			double[] in = java.util.Arrays.copyOfRange(x, r * w, r * w + w);
			double[] o = new double[w];
			row.apply(in, o);
			System.arraycopy(o, 0, rows, r * w, w);
		}
		BlurOperator col = new BlurOperator(1.5, 1, hgt);
		for (int c = 0; c < w; c++) {
			double[] in = new double[hgt];
			for (int r = 0; r < hgt; r++) {
				in[r] = rows[r * w + c];
			}
			double[] o = new double[hgt];
			col.apply(in, o);
			for (int r = 0; r < hgt; r++) {
				assertEquals(o[r], out[r * w + c], 1e-14);
			}
		}
	}
}
