package cnnsandbox.deblur;

import cnnsandbox.options.Options;

/** The initial guess x0: zeros (the workshop) or the observed blurred image itself. */
public enum InitialGuess implements Options.Choice {
	ZERO("zero"), OBSERVED("observed");

	private final String label;

	InitialGuess(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}

}
