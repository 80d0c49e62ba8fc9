package cnnsandbox.model;

import java.util.List;

import cnnsandbox.options.Options;

/**
 * The two network architectures of the workshop.
 * <ul>
 * <li>{@link #MLP}: TwoFullNet, 784 -> hidden ReLU -> 10 log-softmax; layers fc1, fc2.</li>
 * <li>{@link #CNN}: FashionSimpleNet, conv 3x3 32 pad 1, ReLU, maxpool 2; conv 3x3 64 pad 1, ReLU, maxpool 2;
 * flatten 64*7*7; dropout 0.5 (training only); dense 128 ReLU; dense 10; log-softmax; layers conv1, conv2, fc1,
 * fc2.</li>
 * </ul>
 */
public enum Architecture implements Options.Choice {
	MLP("fc1", "fc2"), CNN("conv1", "conv2", "fc1", "fc2");

	private final List<String> layers;

	Architecture(String... layers) {
		this.layers = List.of(layers);
	}

	/** Names of the layers whose units can be visualised, input side first. */
	public List<String> layerNames() {
		return layers;
	}

	@Override
	public String label() {
		return name();
	}
}
