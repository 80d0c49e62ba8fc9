package cnnsandbox.deblur;

/** One logged iteration: the loss and max|x| before that iteration's step, and the time elapsed so far. */
public final class LogRow {
	public final int iteration;
	public final double loss;
	public final double maxAbsX;
	public final double seconds;
	/** Against the ground truth, when one was given (NaN otherwise). */
	public final double psnr;
	public final double ssim;

	public LogRow(int iteration, double loss, double maxAbsX, double seconds) {
		this.iteration = iteration;
		this.loss = loss;
		this.maxAbsX = maxAbsX;
		this.seconds = seconds;
		this.psnr = Double.NaN;
		this.ssim = Double.NaN;
	}

	private LogRow(LogRow row, double psnr, double ssim) {
		this.iteration = row.iteration;
		this.loss = row.loss;
		this.maxAbsX = row.maxAbsX;
		this.seconds = row.seconds;
		this.psnr = psnr;
		this.ssim = ssim;
	}

	/** This row with the quality of its x against the ground truth. */
	/** Iteration {@code it} of a solver started at {@code t0} (nanoTime), with PSNR and SSIM of x when a truth is known. */
	static LogRow of(int it, double loss, double[] x, long t0, Metrics metrics) {
		LogRow row = new LogRow(it, loss, Deblurrer.maxAbs(x), (System.nanoTime() - t0) * 1e-9);
		return metrics == null ? row : row.withQuality(metrics.psnr(x), metrics.ssim(x));
	}

	public LogRow withQuality(double psnr, double ssim) {
		return new LogRow(this, psnr, ssim);
	}

	public int getIteration() {
		return iteration;
	}

	public double getLoss() {
		return loss;
	}

	public double getMaxAbsX() {
		return maxAbsX;
	}

	public double getSeconds() {
		return seconds;
	}

	@Override
	public String toString() {
		return String.format(java.util.Locale.ROOT, "It : %5d , Loss = %.6g , max|x| = %.4g , %.3f s",
				iteration, loss, maxAbsX, seconds);
	}
}
