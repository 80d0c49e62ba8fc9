package cnnsandbox.model;

import cnnsandbox.options.Options;

/**
 * What {@code model=} chose: one of the workshop's two networks, whose layer lists are fixed
 * ({@link LayerList#preset}), or a custom layer list.
 * <ul>
 * <li>{@link #MLP}: TwoFullNet(hidden): {@code dense hidden, relu, dense 10}; layers fc1, fc2.</li>
 * <li>{@link #CNN}: FashionSimpleNet: {@code conv 32 3, relu, maxpool 2, conv 64 3, relu, maxpool 2, dropout 0.5,
 * dense 128, relu, dense 10}; layers conv1, conv2, fc1, fc2.</li>
 * <li>{@link #CUSTOM}: the {@code layers} list.</li>
 * </ul>
 */
public enum Architecture implements Options.Choice {
	MLP("MLP"), CNN("CNN"), CUSTOM("Custom");

	private final String label;

	Architecture(String label) {
		this.label = label;
	}

	@Override
	public String label() {
		return label;
	}
}
