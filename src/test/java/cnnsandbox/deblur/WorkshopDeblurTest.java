package cnnsandbox.deblur;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.Test;

import cnnsandbox.training.Optimizer;

/** The workshop's 1-D experiment: L2 descent stalls, the regularised Newton metric does not. */
class WorkshopDeblurTest {

	@Test
	void signalMatchesWorkshopDefinition() {
		double[] y = WorkshopSignal.create();
		assertEquals(601, y.length);
		assertEquals(0, y[100], 0);           // t = 1: not > 1
		assertEquals(1, y[150], 0);
		assertEquals((float) (0.5 * 0.5), y[250], 0);
		assertEquals(1, y[400], 1e-6);        // t = 4: sin^2(5.5 pi) = 1
		assertEquals((float) 0.5, y[450], 1e-7);
		assertEquals(0, y[600], 0);
	}

	@Test
	void l2DescentReproducesWorkshopLosses() {
		double[] y = WorkshopSignal.create();
		DeblurResult r = Deblurrer.run(y, y.length, 1, DeblurSettings.workshop(), null, null);
		List<LogRow> log = r.log;
		assertEquals(13, log.size());
		assertEquals(13, r.snapshots.size());
		assertEquals(0, log.get(0).iteration);
		assertEquals(2500, log.get(1).iteration);
		assertEquals(30000, log.get(12).iteration);
		assertEquals(1.90338, log.get(0).loss, 1.90338 * 0.005);
		assertEquals(0.18382, log.get(1).loss, 0.18382 * 0.005);
		assertEquals(0.17253, log.get(12).loss, 0.17253 * 0.005);
		assertTrue(log.get(12).loss >= 0.17, "L2 descent stalls above 0.17");
		// every logged loss as printed (6 significant digits), whatever the convolution's algorithm (direct or FFT)
		String[] printed = { "1.90338", "0.183835", "0.180081", "0.178037", "0.176656", "0.175655", "0.174899",
			"0.174307", "0.173828", "0.173429", "0.173087", "0.172789", "0.172523" };
		for (int i = 0; i < printed.length; i++) {
			assertEquals(printed[i], String.format(java.util.Locale.ROOT, "%.6g", log.get(i).loss), "iteration " + log.get(i).iteration);
		}
	}

	@Test
	void preconditionedMetricBreaksThroughTheStall() {
		double[] y = WorkshopSignal.create();
		DeblurSettings s = DeblurSettings.workshop();
		s.metric = MetricKind.PRECONDITIONED;
		s.iterations = 2501;
		s.logEvery = 100;
		DeblurResult r = Deblurrer.run(y, y.length, 1, s, null, null);
		LogRow firstBelow = null;
		for (LogRow row : r.log) {
			if (row.loss <= 0.012) {
				firstBelow = row;
				break;
			}
		}
		assertNotNull(firstBelow, "loss <= 0.012 within 2500 iterations");
		System.out.println("preconditioned (epsilon " + s.epsilon + "): first loss <= 0.012 at " + firstBelow
				+ "; final " + r.last());
		assertTrue(firstBelow.iteration <= 1000, "reached at iteration " + firstBelow.iteration);
		// The sharp solution needs large, oscillating values: the exact Tikhonov path has max|x| ~ 3e3 at this loss.
		assertTrue(r.last().maxAbsX <= 6000, "max|x| = " + r.last().maxAbsX);
		assertTrue(r.last().loss <= 0.012);
	}

	@Test
	void sobolevMetricDescendsFasterThanL2() {
		double[] y = WorkshopSignal.create();
		DeblurSettings s = DeblurSettings.workshop();
		s.iterations = 2501;
		double l2 = Deblurrer.run(y, y.length, 1, s, null, null).last().loss;
		s.metric = MetricKind.SOBOLEV;
		double sobolev = Deblurrer.run(y, y.length, 1, s, null, null).last().loss;
		assertTrue(sobolev < l2, "Sobolev " + sobolev + " vs L2 " + l2);
	}

	@Test
	void adamRunsAndDescends() {
		double[] y = WorkshopSignal.create();
		DeblurSettings s = DeblurSettings.workshop();
		s.optimizer = Optimizer.ADAM;
		s.learningRate = 0.01;
		s.iterations = 1001;
		s.logEvery = 500;
		DeblurResult r = Deblurrer.run(y, y.length, 1, s, null, null);
		assertTrue(r.last().loss < 0.5 * r.log.get(0).loss);
	}
}
