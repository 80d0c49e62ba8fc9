package cnnsandbox.deblur;

import cnnsandbox.options.Options;

/**
 * The noise the data term assumes: {@code auto} estimates its level ({@link NoiseEstimator}) and uses least
 * squares, or the workshop's plain descent when it finds none; {@code none} is the workshop's descent;
 * {@code gaussian} least squares with a regulariser; {@code poisson} the Poisson likelihood, whose multiplicative
 * descent is Richardson-Lucy.
 */
public enum NoiseModel implements Options.Choice {
	AUTO("auto"), NONE("none"), GAUSSIAN("gaussian"), POISSON("poisson");

	private final String label;

	NoiseModel(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}
}
