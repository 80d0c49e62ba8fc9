package cnnsandbox.engine;

/**
 * One layer as the engine plans it: the network description (model.LayerSpec, through its kind) adds the layer's
 * modules to the plan, so the engine knows no layer kind by name.
 */
public interface PlannedLayer {

	/** Adds this layer's module(s) to {@code plan}: layer {@code i} of the network, named {@code name} (conv1, fc1...). */
	void plan(Engine.Planner plan, int i, Shape in, Shape out, String name);

	/** The activation this layer applies, or null: an activation followed by max pooling is computed pool first. */
	default Activation activation() {
		return null;
	}

	/** Max pooling, which commutes with a monotonic activation before it. */
	default boolean isMaxPool() {
		return false;
	}
}
