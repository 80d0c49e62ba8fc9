package cnnsandbox.deblur;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** SameDiff autodiff of the loss graph must give the closed-form gradient 2 dx K^T (Kx - y). */
class SameDiffGradientTest {

	private static void assertSameGradient(double sigma, int w, int h, double dx) {
		Random rnd = new Random(7);
		int n = w * h;
		double[] x = new double[n];
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = rnd.nextGaussian();
			y[i] = rnd.nextDouble();
		}
		BlurOperator blur = new BlurOperator(sigma, w, h);
		double[] b1 = new double[n];
		double[] g1 = new double[n];
		double[] b2 = new double[n];
		double[] g2 = new double[n];
		double l1 = new AnalyticGradient(blur, y, dx).evaluate(x, b1, g1);
		double l2 = new SameDiffGradient(blur, y, dx).evaluate(x, b2, g2);
		assertEquals(l1, l2, 1e-9 * Math.abs(l1));
		double norm = 0;
		double err = 0;
		for (int i = 0; i < n; i++) {
			norm = Math.max(norm, Math.abs(g1[i]));
			err = Math.max(err, Math.abs(g1[i] - g2[i]));
			assertEquals(b1[i], b2[i], 1e-9);
		}
		assertTrue(err <= 1e-6 * norm, "max gradient difference " + err + " vs max " + norm);
	}

	@Test
	void gradient1D() {
		assertSameGradient(30, 601, 1, 0.01);
		assertSameGradient(2, 1, 40, 1); // a column
	}

	@Test
	void gradient2D() {
		assertSameGradient(2, 23, 17, 1);
	}

	@Test
	void shortRunGivesSameLossesInBothModes() {
		double[] y = WorkshopSignal.create();
		DeblurSettings s = DeblurSettings.workshop();
		s.iterations = 201;
		s.logEvery = 50;
		DeblurResult analytic = Deblurrer.run(y, y.length, 1, s, null, null);
		s.gradient = GradientMode.AUTODIFF;
		DeblurResult autodiff = Deblurrer.run(y, y.length, 1, s, null, null);
		assertEquals(analytic.log.size(), autodiff.log.size());
		for (int i = 0; i < analytic.log.size(); i++) {
			double a = analytic.log.get(i).loss;
			assertEquals(a, autodiff.log.get(i).loss, 1e-8 * a);
		}
	}
}
