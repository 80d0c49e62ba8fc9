package cnnsandbox.deblur;

import cnnsandbox.options.Options;

/**
 * Where the L2 gradient comes from: the closed form {@code 2 dx K^T (Kx - y)} (fast), or ND4J SameDiff automatic
 * differentiation of the loss graph (what PyTorch does in the workshop; slow on small problems, kept to show that
 * autodiff computes the same thing).
 */
public enum GradientMode implements Options.Choice {
	ANALYTIC("analytic"), AUTODIFF("autodiff");

	private final String label;

	GradientMode(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}

}
