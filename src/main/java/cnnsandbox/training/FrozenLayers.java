package cnnsandbox.training;

import cnnsandbox.model.LayerList;
import cnnsandbox.options.Options;

/**
 * {@code freeze}: the parameters of the named layer and of every layer before it stay fixed. They are the first
 * values of the flat parameter array (parameters are laid out layer by layer), so the trainer zeroes the first
 * {@link #count} values of the gradient and of the step: the frozen weights stay bit-identical (w - 0 = w), and the
 * optimiser's state for them stays zero.
 */
final class FrozenLayers {

	private FrozenLayers() {}

	/**
	 * The number of leading parameter values to keep fixed (0 for "").
	 *
	 * @throws IllegalArgumentException naming freeze: not a conv or dense layer of the network, or the last one
	 */
	static long count(LayerList net, String freeze) {
		if (freeze == null || freeze.isEmpty())
			return 0;
		int index = net.indexOf(freeze);
		String layers = String.join(", ", net.unitLayers());
		if (index < 0)
			throw Options.bad("freeze", "the name of a conv or dense layer of the network (" + layers + "), or empty to train all", freeze);
		java.util.List<String> units = net.unitLayers();
		if (freeze.equals(units.get(units.size() - 1)))
			throw Options.bad("freeze", "a layer before the last (" + layers + "): freezing " + freeze + " leaves nothing to train", freeze);
		return net.parameterCount(index);
	}
}
