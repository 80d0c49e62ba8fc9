package cnnsandbox.deblur;

import cnnsandbox.options.Options;

/**
 * The penalty added to the data term: {@code tikhonov} is the squared gradient norm (a Sobolev H^1 penalty, the
 * quadratic prior whose gradient flow is the workshop's Sobolev metric), {@code tv} the total variation (edges
 * stay sharp), {@code none} no penalty (then only the stopping rule regularises), {@code auto} both ({@link WeightRule}).
 */
public enum Regularizer implements Options.Choice {
	AUTO("auto"), NONE("none"), TIKHONOV("tikhonov"), TV("tv");

	private final String label;

	Regularizer(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}
}
