package cnnsandbox.explain;

import java.util.Locale;

import cnnsandbox.options.Options;

/** The image "without information" that integrated gradients start from and occlusion pastes in. */
public enum Baseline implements Options.Choice {
	/** every pixel 0: the background of Fashion-MNIST (objects are bright on dark). */
	BLACK(0f),
	/** every pixel 1. */
	WHITE(1f);

	/** The pixel value, in the model's input units [0, 1]. */
	public final float value;

	Baseline(float value) {
		this.value = value;
	}

	@Override
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}
}
