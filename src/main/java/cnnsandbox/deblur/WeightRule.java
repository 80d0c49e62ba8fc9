package cnnsandbox.deblur;

/**
 * The automatic weight (weight = 0) from the estimated noise level sigma, for data scaled to a range of 1.
 * <p>
 * Tikhonov: the weight that minimises the unbiased predictive risk (UPRE, Stein's unbiased risk estimate for a
 * linear estimator, {@code ||r||^2 + 2 sigma^2 trace(H) - n sigma^2}) scales as sigma^2; over the benchmark's images
 * (camera and a micrograph, Gaussian and Poisson noise, computed in Fourier space on the mirrored image by the
 * prototype in src/test/python) UPRE chose 50-80 sigma^2, so the rule is 60 sigma^2. Morozov's discrepancy
 * principle ({@code ||r||^2 = n sigma^2}) chose 4-6x more and lost 0.4-0.8 dB.
 * <p>
 * Total variation: the MAP reading of {@code 1/2 ||r||^2 + weight TV(x)} is a Gaussian likelihood of variance
 * sigma^2 with a Laplace prior on the gradient, whose weight is sigma^2 / b (b the prior's scale of |grad x|);
 * the measured best b over the benchmark images was about 1/4 of the range, so weight = 4 sigma^2 (2 or 8 lost
 * 0.02-0.4 dB). The residual it leaves is 0.95-0.97 sigma, the discrepancy principle corrected for the degrees of
 * freedom used.
 */
public final class WeightRule {
	public static final double TIKHONOV_PER_VARIANCE = 60;
	public static final double TV_PER_VARIANCE = 4;
	/**
	 * regularizer=auto, both penalties: TV at half its weight keeps the edges of a photograph, the H^1 term at a
	 * third of its weight keeps the texture of a micrograph from breaking into TV's flat patches (staircasing).
	 * On the benchmark this mix beat TV alone on the micrograph by 0.4-0.8 dB, losing 0.05-0.2 dB
	 * on the photograph; the pair (2, 20) was the best of (2.5, 15), (2, 20), (1.5, 25).
	 */
	public static final double AUTO_TV_PER_VARIANCE = 2;
	public static final double AUTO_TIKHONOV_PER_VARIANCE = 20;

	private WeightRule() {
	}

	/**
	 * {TV weight, Tikhonov weight} for the regulariser; {@code given} > 0 replaces the rule's weight (for auto: the
	 * TV weight, the Tikhonov weight keeping its ratio of 10).
	 */
	public static double[] weights(Regularizer reg, double sigma, double given) {
		double v = sigma * sigma;
		switch (reg) {
			case TV:
				return new double[] { given > 0 ? given : TV_PER_VARIANCE * v, 0 };
			case TIKHONOV:
				return new double[] { 0, given > 0 ? given : TIKHONOV_PER_VARIANCE * v };
			case AUTO:
				double tv = given > 0 ? given : AUTO_TV_PER_VARIANCE * v;
				return new double[] { tv, tv * AUTO_TIKHONOV_PER_VARIANCE / AUTO_TV_PER_VARIANCE };
			default:
				return new double[] { 0, 0 };
		}
	}

	public static double weight(Regularizer reg, double sigma) {
		switch (reg) {
			case TIKHONOV:
				return TIKHONOV_PER_VARIANCE * sigma * sigma;
			case TV:
				return TV_PER_VARIANCE * sigma * sigma;
			default:
				return 0;
		}
	}

	public static String name(Regularizer reg) {
		return reg == Regularizer.TIKHONOV ? "UPRE rule, 60 sigma^2" : reg == Regularizer.TV ? "MAP rule, 4 sigma^2"
				: reg == Regularizer.AUTO ? "2 sigma^2 TV + 20 sigma^2 Tikhonov" : "none";
	}
}
