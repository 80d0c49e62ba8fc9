package cnnsandbox.deblur;

import java.util.Collections;
import java.util.List;

/**
 * The outcome of a run: x after the last step, K x for that x, and at each logged iteration the loss row and
 * the snapshot K x (taken before that iteration's step, like the workshop's {@code xs_blurred}).
 */
public final class DeblurResult {
	public final double[] deblurred;
	public final double[] reblurred;
	public final List<double[]> snapshots;
	public final List<LogRow> log;
	public final int width;
	public final int height;
	/** The noise standard deviation used (estimated or NaN when none was needed), the weight, why it stopped. */
	public double noiseSigma = Double.NaN;
	public double weight = 0;
	public String stopReason = "ran all iterations";
	/** What ran, for the log: the workshop's descent or the regularised solver with its settings. */
	public String method = "descent";
	public int depth = 1;

	/** The iterations done when the user stopped the run (x is the x of that moment); -1 when it ran to the end. */
	public final int stoppedAt;

	/**
	 * The result of a solver on the extended grid: x and k * x cropped back to the observed pixels ({@code map}: the
	 * grid index of each), one snapshot (k * x), and how the solver ran.
	 */
	static DeblurResult cropped(double[] xGrid, double[] kxGrid, int[] map, List<LogRow> log, int width, int height, int depth,
			double noiseSigma, String stopReason, String method) {
		double[] out = new double[map.length], reblurred = new double[map.length];
		for (int p = 0; p < map.length; p++) {
			out[p] = xGrid[map[p]];
			reblurred[p] = kxGrid[map[p]];
		}
		List<double[]> snaps = new java.util.ArrayList<>();
		snaps.add(reblurred.clone());
		DeblurResult r = new DeblurResult(out, reblurred, snaps, log, width, height);
		r.depth = depth;
		r.noiseSigma = noiseSigma;
		r.stopReason = stopReason;
		r.method = method;
		return r;
	}

	/** A run that ended by itself (no stop). */
	DeblurResult(double[] deblurred, double[] reblurred, List<double[]> snapshots, List<LogRow> log, int width, int height) {
		this(deblurred, reblurred, snapshots, log, width, height, -1);
	}

	DeblurResult(double[] deblurred, double[] reblurred, List<double[]> snapshots, List<LogRow> log,
			int width, int height, int stoppedAt) {
		this.stoppedAt = stoppedAt;
		this.deblurred = deblurred;
		this.reblurred = reblurred;
		this.snapshots = Collections.unmodifiableList(snapshots);
		this.log = Collections.unmodifiableList(log);
		this.width = width;
		this.height = height;
	}

	public double[] getDeblurred() {
		return deblurred;
	}

	public double[] getReblurred() {
		return reblurred;
	}

	public List<double[]> getSnapshots() {
		return snapshots;
	}

	public List<LogRow> getLog() {
		return log;
	}

	public int getWidth() {
		return width;
	}

	public int getHeight() {
		return height;
	}

	/** The last log row (the final iteration is always logged). */
	public LogRow last() {
		return log.get(log.size() - 1);
	}
}
