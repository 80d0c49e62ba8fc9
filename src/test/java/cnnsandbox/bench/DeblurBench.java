package cnnsandbox.bench;

import java.util.Locale;

import cnnsandbox.backend.Threads;
import cnnsandbox.deblur.BlurOperator;
import cnnsandbox.deblur.DeblurResult;
import cnnsandbox.deblur.DeblurSettings;
import cnnsandbox.deblur.Deblurrer;
import cnnsandbox.deblur.GradientMode;
import cnnsandbox.deblur.MetricKind;
import cnnsandbox.deblur.WorkshopSignal;

/**
 * Timing of the deblurring engine: the workshop's 1-D problem under each metric (analytic gradient), the SameDiff
 * autodiff gradient (fewer iterations, extrapolated), and a 1024 x 1024 image under each metric; PyTorch's time
 * for the same L2 descents ({@link TorchPeer}, the workshop's own code) beside ours with the ratio. The 2-D blur
 * runs on the batch threads ({@link Threads}; {@code OMP_NUM_THREADS=1} for one core); the 1-D one on one thread.
 * Per-iteration figures cover the descent loop; "total" adds the set-up (kernel, metric, SameDiff graph).
 */
public final class DeblurBench {
	private DeblurBench() {
	}

	public static void main(String[] args) {
		cnnsandbox.backend.NativeBinary.select(); // before ND4J loads its natives: the CPU binary, the thread wait policy
		System.out.println("threads: " + Threads.forWorkload(Threads.Workload.BATCH) + " (2-D blur), 1 (1-D)");
		double[] y = WorkshopSignal.create();

		// Warm-up so that the first case is not measured in the interpreter.
		run("warm-up", y, y.length, 1, settings(MetricKind.L2, 3001, WorkshopSignal.DX, 30), false);

		double best = Double.MAX_VALUE;
		for (int rep = 0; rep < 3; rep++) {
			DeblurResult l2 = run("deblur 1-D 601 L2 analytic", y, y.length, 1, settings(MetricKind.L2, 30001, WorkshopSignal.DX, 30), true);
			best = Math.min(best, l2.last().seconds * 30001 / l2.last().iteration);
		}
		java.util.List<TorchPeer.Result> peers = TorchPeer.run("deblur", "30001");
		for (TorchPeer.Result p : peers) {
			System.out.printf(Locale.ROOT, "deblur 1-D peer (%s): 30001 its, %.2f s, %.1f us/iteration, final loss %s; "
					+ "ours (best of 3) / peer time %.3f%n", p.who(), p.number("seconds"), p.number("us_per_iteration"),
					lastLoss(p), best / p.number("seconds"));
		}
		TorchPeer.Result fastest = TorchPeer.fastest(peers, "seconds", true);
		if (fastest != null)
			System.out.printf(Locale.ROOT, "deblur 1-D ours / PyTorch's faster (%s) time: %.3f%n", fastest.threads(),
					best / fastest.number("seconds"));
		run("deblur 1-D 601 Sobolev analytic", y, y.length, 1,
				settings(MetricKind.SOBOLEV, 30001, WorkshopSignal.DX, 30), true);
		try {
			run("deblur 1-D 601 Preconditioned analytic", y, y.length, 1,
					settings(MetricKind.PRECONDITIONED, 2501, WorkshopSignal.DX, 30), true);
		} catch (ArithmeticException e) {
			System.out.println("deblur 1-D 601 Preconditioned analytic: " + e.getMessage());
		}
		DeblurSettings autodiff = settings(MetricKind.L2, 2001, WorkshopSignal.DX, 30);
		autodiff.gradient = GradientMode.AUTODIFF;
		DeblurResult r = run("deblur 1-D 601 L2 autodiff", y, y.length, 1, autodiff, true);
		double perIt = r.last().seconds / r.last().iteration;
		System.out.printf(Locale.ROOT, "  (autodiff extrapolated to 30001 its: %.1f s)%n", perIt * 30001);

		int size = 1024;
		double[] image = syntheticImage(size);
		double[] blurred = new double[image.length];
		new BlurOperator(3, size, size).apply(image, blurred);
		for (MetricKind m : MetricKind.values()) {
			DeblurResult r2;
			try {
				r2 = run("deblur 2-D 1024x1024 sigma 3 " + m.label() + " analytic", blurred, size, size,
						settings(m, 6, 1, 3), true);
			} catch (ArithmeticException e) {
				System.out.println("deblur 2-D " + m.label() + ": " + e.getMessage());
				continue;
			}
			if (m == MetricKind.L2) {
				double ms = r2.last().seconds / r2.last().iteration * 1e3;
				java.util.List<TorchPeer.Result> peers2 = TorchPeer.run("deblur2d", String.valueOf(size), "5");
				for (TorchPeer.Result p : peers2) {
					System.out.printf(Locale.ROOT, "deblur 2-D peer (%s): %.1f ms/iteration; ours / peer time %.2f%n", p.who(),
							p.number("ms_per_iteration"), ms / p.number("ms_per_iteration"));
				}
				TorchPeer.Result f2 = TorchPeer.fastest(peers2, "ms_per_iteration", true);
				if (f2 != null)
					System.out.printf(Locale.ROOT, "deblur 2-D ours / PyTorch's faster (%s) time: %.2f%n", f2.threads(),
							ms / f2.number("ms_per_iteration"));
			}
		}
	}

	private static String lastLoss(TorchPeer.Result p) {
		Object l = p.fields.get("losses");
		return l instanceof java.util.List && !((java.util.List<?>) l).isEmpty()
				? String.format(Locale.ROOT, "%.6g", ((Number) ((java.util.List<?>) l).get(((java.util.List<?>) l).size() - 1)).doubleValue()) : "?";
	}

	private static DeblurSettings settings(MetricKind metric, int iterations, double dx, double sigma) {
		DeblurSettings s = new DeblurSettings();
		s.metric = metric;
		s.iterations = iterations;
		s.dx = dx;
		s.sigma = sigma;
		s.logEvery = 2500;
		return s;
	}

	private static DeblurResult run(String name, double[] y, int w, int h, DeblurSettings s, boolean print) {
		long t0 = System.nanoTime();
		DeblurResult r = Deblurrer.run(y, w, h, s, null, null);
		double total = (System.nanoTime() - t0) * 1e-9;
		// The last log row is taken before the last step: scale its time to all iterations.
		double loop = r.last().seconds * s.iterations / Math.max(1, r.last().iteration);
		if (print) {
			System.out.printf(Locale.ROOT, "%s: %d its, %.2f s, %.1f us/iteration (loss %.5g, total with set-up %.2f s)%n",
					name, s.iterations, loop, loop / s.iterations * 1e6, r.last().loss, total);
		}
		return r;
	}

	/** Bars and discs, the same kind of scene as the 2-D test. */
	private static double[] syntheticImage(int size) {
		double[] img = new double[size * size];
		for (int r = 0; r < size; r++) {
			for (int c = 0; c < size; c++) {
				double v = ((c / 16) % 2 == 0 && r < size / 2) ? 1 : 0.1;
				if (Math.hypot(r - 0.75 * size, c - 0.5 * size) < size / 8.0) {
					v = 0.7;
				}
				img[r * size + c] = v;
			}
		}
		return img;
	}
}
