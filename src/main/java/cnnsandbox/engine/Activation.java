package cnnsandbox.engine;

/** The element-wise activations the engine computes (ActivationModule). */
public enum Activation {
	RELU, TANH, SIGMOID
}
