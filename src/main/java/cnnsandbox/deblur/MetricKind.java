package cnnsandbox.deblur;

import cnnsandbox.options.Options;

/**
 * The metric in which the gradient is expressed (see {@link DescentMetric}):
 * <ul>
 * <li>{@code L2}: the plain gradient, which stalls because K^T removes the high frequencies;</li>
 * <li>{@code SOBOLEV}: multiplier {@code 1 + (sigma*omega)^2}, a sharpening negative-Sobolev metric;</li>
 * <li>{@code PRECONDITIONED}: the regularised Newton metric {@code 2 dx (K^T K + epsilon I)}.</li>
 * </ul>
 */
public enum MetricKind implements Options.Choice {
	L2("L2"), SOBOLEV("Sobolev"), PRECONDITIONED("Preconditioned");

	private final String label;

	MetricKind(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}

}
