package cnnsandbox.engine;

/**
 * What the engine needs of a network description (model.LayerList implements it): the layers in order, the shapes
 * between them, their names and the input and class counts. The engine depends on this, never on the description's
 * classes.
 */
public interface NetworkPlan {

	int size();

	PlannedLayer layer(int i);

	/** conv1, fc1... for layers with parameters, else the layer's word. */
	String name(int i);

	Shape inputShape(int i);

	Shape outputShape(int i);

	/** Channels of the input image (1: grey), laid out channel by channel ([n, C, H, W]). */
	default int inputChannels() {
		return 1;
	}

	int inputRows();

	int inputCols();

	int classes();

	/** Whether any layer is a convolution (batch sizes and the thread policy differ). */
	boolean hasConv();

	/** Multiply-adds per image of the largest conv or dense product: decides the thread count. */
	long largestProduct();
}
