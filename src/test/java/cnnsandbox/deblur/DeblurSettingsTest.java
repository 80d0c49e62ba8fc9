package cnnsandbox.deblur;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import cnnsandbox.training.Optimizer;

class DeblurSettingsTest {

	private static String message(Runnable r) {
		return assertThrows(IllegalArgumentException.class, r::run).getMessage();
	}

	private static String invalid(java.util.function.Consumer<DeblurSettings> change) {
		DeblurSettings s = new DeblurSettings();
		change.accept(s);
		return message(s::validate);
	}

	@Test
	void defaultsAreValidAndMatchTheWorkshop() {
		DeblurSettings s = new DeblurSettings();
		s.validate();
		assertEquals(30, s.sigma);
		assertEquals(30001, s.iterations);
		assertEquals(Optimizer.SGD, s.optimizer);
		assertEquals(2500, s.logEvery);
		assertEquals(DeblurSettings.DEFAULT_EPSILON, s.epsilon);
	}

	@Test
	void settingsMessagesNameTheMacroKey() {
		assertEquals("sigma must be a number > 0 and <= 333333; got 'NaN'", invalid(s -> s.sigma = Double.NaN));
		assertEquals("sigma must be a number > 0 and <= 333333; got '0'", invalid(s -> s.sigma = 0));
		assertEquals("sigma must be a number > 0 and <= 333333; got '400000'", invalid(s -> s.sigma = 4e5));
		assertTrue(invalid(s -> s.sigma = -1).startsWith("sigma"));
		assertEquals("iterations must be an integer >= 1; got '0'", invalid(s -> s.iterations = 0));
		assertTrue(invalid(s -> s.learningRate = 0).startsWith("learning_rate must be a finite number > 0"));
		assertEquals("momentum must be a number >= 0 and < 1; got '1'", invalid(s -> s.momentum = 1));
		assertEquals("pixel_width must be a finite number > 0; got '0'", invalid(s -> s.dx = 0));
		assertTrue(invalid(s -> s.epsilon = -1).startsWith("epsilon must be"));
		assertTrue(invalid(s -> s.logEvery = 0).startsWith("log_every must be"));
		assertEquals("optimizer must be one of SGD, Adam; got 'null'", invalid(s -> s.optimizer = null));
	}

	@Test
	void nanPixelsAreRejected() {
		double[] y = new double[20];
		y[7] = Double.NaN;
		String m = message(() -> Deblurrer.run(y, 20, 1, new DeblurSettings(), null, null));
		assertTrue(m.startsWith("the image contains NaN or infinite pixels"), m);
		y[7] = Double.POSITIVE_INFINITY;
		assertTrue(message(() -> Deblurrer.run(y, 20, 1, new DeblurSettings(), null, null)).contains("NaN or infinite"));
		assertTrue(message(() -> Deblurrer.run(new double[5], 2, 2, new DeblurSettings(), null, null)).contains("expected"));
	}

	@Test
	void aStopKeepsTheXReachedWhenAsked() {
		double[] y = WorkshopSignal.create();
		AtomicInteger progress = new AtomicInteger();
		DeblurSettings s = DeblurSettings.workshop();
		s.iterations = 3000;
		DeblurResult stopped = Deblurrer.run(y, y.length, 1, 1, s, null, (it, total) -> progress.set(it), () -> progress.get() >= 300, true);
		assertTrue(stopped.stoppedAt > 300 && stopped.stoppedAt < 320, "stopped at " + stopped.stoppedAt);
		assertEquals(stopped.stoppedAt, stopped.last().iteration, "the loss table ends at the stop");
		s.iterations = stopped.stoppedAt;
		DeblurResult full = Deblurrer.run(y, y.length, 1, s, null, null);
		assertArrayEquals(full.deblurred, stopped.deblurred, 0, "x is the x of that many iterations");
		assertEquals(-1, full.stoppedAt);
	}

	@Test
	void cancellationThrows() {
		double[] y = WorkshopSignal.create();
		AtomicInteger progress = new AtomicInteger();
		DeblurSettings s = DeblurSettings.workshop();
		assertThrows(CancellationException.class, () -> Deblurrer.run(y, y.length, 1, s,
				(it, total) -> progress.set(it), () -> progress.get() >= 300));
		assertEquals(300, progress.get());
	}

	@Test
	void progressReachesTheTotal() {
		double[] y = WorkshopSignal.create();
		DeblurSettings s = DeblurSettings.workshop();
		s.iterations = 250;
		AtomicInteger last = new AtomicInteger();
		DeblurResult r = Deblurrer.run(y, y.length, 1, s, (it, total) -> last.set(it), null);
		assertEquals(250, last.get());
		assertEquals(249, r.last().iteration); // the final iteration is always logged
		assertEquals(2, r.log.size());
	}

	@Test
	void observedStartBeginsAtTheImage() {
		double[] y = WorkshopSignal.create();
		DeblurSettings s = DeblurSettings.workshop();
		s.iterations = 1;
		s.start = InitialGuess.OBSERVED;
		DeblurResult r = Deblurrer.run(y, y.length, 1, s, null, null);
		assertEquals(Deblurrer.maxAbs(y), r.log.get(0).maxAbsX, 0);
	}
}
