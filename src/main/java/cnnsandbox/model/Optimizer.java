package cnnsandbox.model;

import java.util.Locale;

/** The optimisers of the workshop, with PyTorch semantics. */
public enum Optimizer {
	/** PyTorch {@code optim.SGD(lr, momentum)}: classical momentum, v = mu*v + g; w -= lr*v. */
	SGD,
	/** PyTorch {@code optim.Adam(lr)} with betas (0.9, 0.999), eps 1e-8. */
	ADAM;

	/** "sgd" or "adam", any case. */
	public static Optimizer parse(String s) {
		String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
		for (Optimizer o : values())
			if (o.name().equals(t))
				return o;
		throw new IllegalArgumentException("optimizer: unknown optimizer '" + s + "'; allowed: SGD, Adam");
	}
}
