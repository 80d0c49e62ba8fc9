package cnnsandbox.model;

import java.util.Locale;

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
public enum Architecture {
	MLP, CNN, CUSTOM;

	/** "mlp", "cnn" or "custom" in any case (also "TwoFullNet", "FashionSimpleNet"). */
	public static Architecture parse(String s) {
		String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
		switch (t) {
		case "MLP":
		case "TWOFULLNET":
			return MLP;
		case "CNN":
		case "FASHIONSIMPLENET":
			return CNN;
		case "CUSTOM":
			return CUSTOM;
		default:
			throw new IllegalArgumentException("model: unknown architecture '" + s + "'; allowed: MLP, CNN, Custom");
		}
	}
}
