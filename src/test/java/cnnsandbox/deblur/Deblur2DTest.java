package cnnsandbox.deblur;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** A synthetic sharp image (bars and discs), blurred with sigma 2, deblurred with the preconditioned metric. */
class Deblur2DTest {
	static final int SIZE = 96;

	static double[] sharpImage() {
		double[] img = new double[SIZE * SIZE];
		for (int r = 0; r < SIZE; r++) {
			for (int c = 0; c < SIZE; c++) {
				double v = 0.1;
				if (r >= 8 && r < 40 && (c / 4) % 2 == 0 && c >= 8 && c < 88) {
					v = 1; // vertical bars, 4 px wide
				}
				if (r >= 48 && r < 88 && (r / 3) % 2 == 0 && c >= 8 && c < 40) {
					v = 0.8; // horizontal bars, 3 px wide
				}
				double d1 = Math.hypot(r - 62, c - 62);
				double d2 = Math.hypot(r - 78, c - 76);
				if (d1 < 10) {
					v = 0.9;
				}
				if (d2 < 5) {
					v = 0.3;
				}
				img[r * SIZE + c] = v;
			}
		}
		return img;
	}

	static double psnr(double[] a, double[] ref) {
		double mse = 0;
		double peak = 0;
		for (int i = 0; i < a.length; i++) {
			double d = a[i] - ref[i];
			mse += d * d;
			peak = Math.max(peak, Math.abs(ref[i]));
		}
		mse /= a.length;
		return 10 * Math.log10(peak * peak / mse);
	}

	@Test
	void preconditionedDeblurringGainsAtLeast3dB() {
		double[] sharp = sharpImage();
		double[] blurred = new double[sharp.length];
		new BlurOperator(2, SIZE, SIZE).apply(sharp, blurred);
		DeblurSettings s = new DeblurSettings();
		s.sigma = 2;
		s.metric = MetricKind.PRECONDITIONED;
		s.iterations = 200;
		s.logEvery = 50;
		s.epsilon = 1e-4;
		DeblurResult r = Deblurrer.run(blurred, SIZE, SIZE, s, null, null);
		double before = psnr(blurred, sharp);
		double after = psnr(r.deblurred, sharp);
		System.out.printf("2-D 96x96 sigma 2, preconditioned eps %.0e, %d its: PSNR blurred %.2f dB -> deblurred %.2f dB"
				+ " (loss %.3g)%n", s.epsilon, s.iterations, before, after, r.last().loss);
		assertTrue(after >= before + 3, "PSNR " + before + " -> " + after);

		s.metric = MetricKind.L2;
		double l2 = psnr(Deblurrer.run(blurred, SIZE, SIZE, s, null, null).deblurred, sharp);
		System.out.printf("2-D 96x96 sigma 2, L2, %d its: PSNR %.2f dB%n", s.iterations, l2);
	}
}
