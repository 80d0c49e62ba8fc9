package cnnsandbox.deblur;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The regularised solver: a PSF given as an image equals the Gaussian of the same sigma, a volume deconvolved as a
 * volume beats the same volume plane by plane, noise=poisson (Richardson-Lucy) stops by the discrepancy principle,
 * and the ground truth adds PSNR and SSIM to the log.
 */
class BoundaryFreeRestorerTest {

	/** Discs and bars in [0.1, 0.9], blurred by the PSF with the light from outside the frame, plus noise. */
	static double[][] scene(int w, int h, int d, Psf psf, double noise, long seed) {
		int m = 12; // margin beyond the PSF's reach: the observed image is a crop of a larger blurred scene
		int W = w + 2 * m, H = h + 2 * m, D = d > 1 ? d + 2 * m : 1;
		double[] big = new double[W * H * D];
		Random beads = new Random(seed + 100);
		double[][] centres = new double[d > 1 ? 40 : 0][];
		for (int b = 0; b < centres.length; b++) {
			centres[b] = new double[] { W * beads.nextDouble(), H * beads.nextDouble(), D * beads.nextDouble() };
		}
		for (int z = 0; z < D; z++) {
			for (int r = 0; r < H; r++) {
				for (int c = 0; c < W; c++) {
					double v = ((c / 6) % 2 == 0 && r < H / 2) ? 0.9 : 0.1;
					if (Math.hypot(r - 0.7 * H, c - 0.5 * W) < H / 5.0) v = 0.6;
					if (d > 1) { // a volume: beads of radius 3 on a dim background, structure along z as in x and y
						v = 0.1;
						for (double[] b : centres) {
							if (Math.hypot(Math.hypot(c - b[0], r - b[1]), z - b[2]) < 3) v = 0.9;
						}
					}
					big[(z * H + r) * W + c] = v;
				}
			}
		}
		double[] truth = new double[w * h * d];
		double[] y = new double[w * h * d];
		Random rnd = new Random(seed);
		int oz = d > 1 ? m : 0;
		for (int z = 0; z < d; z++) {
			for (int r = 0; r < h; r++) {
				for (int c = 0; c < w; c++) {
					int i = (z * h + r) * w + c;
					truth[i] = big[((z + oz) * H + r + m) * W + c + m];
					double s = 0;
					for (int k = 0; k < psf.depth; k++) {
						for (int j = 0; j < psf.height; j++) {
							for (int q = 0; q < psf.width; q++) {
								int zz = z + oz - (k - psf.cz), rr = r + m - (j - psf.cy), cc = c + m - (q - psf.cx);
								s += psf.values[(k * psf.height + j) * psf.width + q] * big[(zz * H + rr) * W + cc];
							}
						}
					}
					y[i] = s + noise * rnd.nextGaussian();
				}
			}
		}
		return new double[][] { y, truth };
	}

	@Test
	void aPsfImageGivesTheResultOfTheEqualGaussianSigma() {
		double[][] data = scene(64, 48, 1, Psf.gaussian(2, 0), 0.02, 1);
		DeblurSettings gaussian = new DeblurSettings();
		gaussian.sigma = 2;
		DeblurResult a = Deblurrer.run(data[0], 64, 48, 1, gaussian, null, null, null, false);
		// the same Gaussian as an image, in a larger canvas off-centre: the centroid puts it back in place
		Psf g = Psf.gaussian(2, 0);
		int pw = g.width + 5, ph = g.height + 2;
		double[] image = new double[pw * ph];
		for (int r = 0; r < g.height; r++) {
			for (int c = 0; c < g.width; c++) {
				image[(r + 1) * pw + c + 4] = 1000 * g.values[r * g.width + c]; // any scale: it is normalised
			}
		}
		DeblurSettings measured = new DeblurSettings();
		measured.sigma = 7; // ignored: the psf wins
		measured.psf = Psf.fromImage(image, pw, ph, 1);
		DeblurResult b = Deblurrer.run(data[0], 64, 48, 1, measured, null, null, null, false);
		double max = 0;
		for (int i = 0; i < a.deblurred.length; i++) max = Math.max(max, Math.abs(a.deblurred[i] - b.deblurred[i]));
		assertTrue(max < 1e-9, "largest difference " + max);
		assertEquals(a.log.size(), b.log.size());
	}

	@Test
	void aVolumeBeatsItsPlanesDeblurredOneByOne() {
		int w = 40, h = 40, d = 20;
		double[][] data = scene(w, h, d, Psf.gaussian(1.5, 3), 0.02, 2);
		Metrics truth = new Metrics(data[1], w, h, d);
		DeblurSettings volume = new DeblurSettings();
		volume.sigma = 1.5;
		volume.sigmaZ = 3;
		DeblurResult v = Deblurrer.run(data[0], w, h, d, volume, null, null, null, false);
		DeblurSettings planes = new DeblurSettings();
		planes.sigma = 1.5;
		double[] x = new double[data[0].length];
		int n = w * h;
		for (int z = 0; z < d; z++) {
			DeblurResult p = Deblurrer.run(java.util.Arrays.copyOfRange(data[0], z * n, (z + 1) * n), w, h, 1, planes,
					null, null, null, false);
			System.arraycopy(p.deblurred, 0, x, z * n, n);
		}
		double blurred = truth.psnr(data[0]), vol = truth.psnr(v.deblurred), pl = truth.psnr(x);
		System.out.printf("3-D %dx%dx%d sigma 1.5/3, noise 0.02: PSNR blurred %.2f, plane by plane %.2f, volume %.2f dB%n",
				w, h, d, blurred, pl, vol);
		assertTrue(vol > pl + 1, "volume " + vol + " dB, planes " + pl + " dB");
		assertTrue(vol > blurred + 2, "volume " + vol + " dB, blurred " + blurred + " dB");
	}

	@Test
	void groundTruthAddsPsnrAndSsimAndTheRunSaysWhyItStopped() {
		double[][] data = scene(64, 64, 1, Psf.gaussian(2, 0), 0.03, 3);
		DeblurSettings s = new DeblurSettings();
		s.sigma = 2;
		DeblurResult r = Deblurrer.run(data[0], 64, 64, 1, s, data[1], null, null, false);
		assertEquals(0.03, r.noiseSigma, 0.006, "estimated noise");
		assertTrue(r.weight > 0);
		assertTrue(r.stopReason.contains("changed by"), r.stopReason);
		assertTrue(r.last().iteration < 200, "stops by itself, at " + r.last().iteration);
		LogRow first = r.log.get(0), last = r.last();
		assertTrue(last.psnr > first.psnr && last.ssim > first.ssim, first.psnr + " -> " + last.psnr);
		assertTrue(last.psnr > new Metrics(data[1], 64, 64, 1).psnr(data[0]) + 2, "gains over the blurred image");
	}

	@Test
	void poissonRunsRichardsonLucyAndStopsByTheDiscrepancyPrinciple() {
		double[][] data = scene(64, 64, 1, Psf.gaussian(2, 0), 0, 4);
		Random rnd = new Random(5);
		double photons = 200;
		double[] y = new double[data[0].length];
		for (int i = 0; i < y.length; i++) {
			// Poisson by inversion (small means)
			double lambda = data[0][i] * photons, p = Math.exp(-lambda), sum = p, u = rnd.nextDouble();
			int k = 0;
			while (u > sum && k < 10000) {
				k++;
				p *= lambda / k;
				sum += p;
			}
			y[i] = k / photons;
		}
		DeblurSettings s = new DeblurSettings();
		s.sigma = 2;
		s.noise = NoiseModel.POISSON;
		DeblurResult r = Deblurrer.run(y, 64, 64, 1, s, data[1], null, null, false);
		assertTrue(r.stopReason.startsWith("discrepancy principle"), r.stopReason);
		assertTrue(r.method.contains("Richardson-Lucy"), r.method);
		Metrics m = new Metrics(data[1], 64, 64, 1);
		assertTrue(m.psnr(r.deblurred) > m.psnr(y) + 1, m.psnr(y) + " -> " + m.psnr(r.deblurred));
	}

	@Test
	void noiseEstimateIsTheMeanLevelAndZeroOnTheWorkshop() {
		double[][] data = scene(128, 128, 1, Psf.gaussian(2, 0), 0.05, 6);
		assertEquals(0.05, NoiseEstimator.sigma(data[0], 128, 128, 1), 0.005);
		double[] w = WorkshopSignal.create();
		double range = 0;
		for (double v : w) range = Math.max(range, Math.abs(v));
		assertTrue(NoiseEstimator.sigma(w, w.length, 1, 1) <= Deblurrer.NO_NOISE * range);
	}

	@Test
	void positivityKeepsXNonNegativeAndCleanDataStayFinite() {
		// a dark scene (background 0) with strong noise: unconstrained, the dark parts go negative
		double[][] data = scene(48, 48, 1, Psf.gaussian(2, 0), 0.05, 8);
		double[] y = data[0].clone();
		for (int i = 0; i < y.length; i++) y[i] -= 0.1;
		DeblurSettings s = new DeblurSettings();
		s.sigma = 2;
		s.positive = true;
		DeblurResult r = Deblurrer.run(y, 48, 48, 1, s, null, null, null, false);
		double min = Double.MAX_VALUE;
		for (double v : r.deblurred) min = Math.min(min, v);
		assertTrue(min >= 0, "min " + min);
		s.positive = false;
		double minFree = Double.MAX_VALUE;
		for (double v : Deblurrer.run(y, 48, 48, 1, s, null, null, null, false).deblurred) minFree = Math.min(minFree, v);
		assertTrue(minFree < -0.01, "without the constraint the dark parts go negative: " + minFree);
		// noise=gaussian on noise-free data: the weight floor keeps the solve finite (measured 13.1 -> 15.7 dB)
		double[][] clean = scene(48, 48, 1, Psf.gaussian(2, 0), 0, 9);
		s.noise = NoiseModel.GAUSSIAN;
		DeblurResult c = Deblurrer.run(clean[0], 48, 48, 1, s, null, null, null, false);
		Metrics m = new Metrics(clean[1], 48, 48, 1);
		assertTrue(m.psnr(c.deblurred) > m.psnr(clean[0]) + 2, m.psnr(clean[0]) + " -> " + m.psnr(c.deblurred));
	}

	@Test
	void noPenaltyStopsEarlyByTheDiscrepancyPrinciple() {
		double[][] data = scene(64, 64, 1, Psf.gaussian(2, 0), 0.03, 10);
		DeblurSettings s = new DeblurSettings();
		s.sigma = 2;
		s.regularizer = Regularizer.NONE;
		DeblurResult r = Deblurrer.run(data[0], 64, 64, 1, s, data[1], null, null, false);
		assertTrue(r.stopReason.startsWith("discrepancy principle"), r.stopReason);
		assertTrue(r.method.contains("conjugate gradients"), r.method);
		Metrics m = new Metrics(data[1], 64, 64, 1);
		assertTrue(m.psnr(r.deblurred) > m.psnr(data[0]) + 1, m.psnr(data[0]) + " -> " + m.psnr(r.deblurred));
	}
}
