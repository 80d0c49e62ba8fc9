package cnnsandbox.training;

import cnnsandbox.options.Options;

/** Which epoch's weights a training run returns and saves: the last, or the one with the lowest validation loss. */
public enum Keep implements Options.Choice {
	LAST("last"), BEST("best");

	private final String label;

	Keep(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}
}
