package cnnsandbox.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of {@link Engine}'s network: a layer, two fused layers, or a layout change, with its forward and backward
 * passes on a batch's preallocated arrays. A new layer kind is a new subclass planned by its model.LayerKind constant.
 */
public abstract class Module {
	public int index;
	/** How the output is laid out. */
	public Layout layout;

	/** The output array for a batch of n, given the input array (which an in-place module returns). */
	abstract INDArray allocateOutput(int n, INDArray input);

	abstract void forward(int n, INDArray in, INDArray out, INDArray mask);

	/**
	 * @param dIn where to write the gradient with respect to the input, or null when not needed
	 * @param params whether to compute parameter gradients
	 */
	abstract void backward(int n, INDArray in, INDArray out, INDArray dOut, INDArray dIn, INDArray mask, boolean params);

	/** A conv or dense layer: has parameters and units (channels) that an objective can select. */
	public interface Unit {
		/** Mean of unit u's output for image 0 of the batch (a dense unit's value, a conv channel's mean). */
		double unitValue(INDArray out, int u);

		/** Sets the output gradient to d(unitValue)/d(output). */
		void seedUnit(INDArray dOut, int u);
	}
}
