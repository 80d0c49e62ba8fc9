package cnnsandbox.training;

import cnnsandbox.model.LayerSpec;

/** One layer's output for one image: channels x rows x cols values, channel after channel, row-major. */
public final class LayerOutput {

	/** 0-based position in the layer list. */
	public final int index;
	/** conv1, relu, maxpool, fc1... */
	public final String name;
	public final LayerSpec spec;
	public final int channels, rows, cols;
	public final float[] values;

	LayerOutput(int index, String name, LayerSpec spec, int channels, int rows, int cols, float[] values) {
		this.index = index;
		this.name = name;
		this.spec = spec;
		this.channels = channels;
		this.rows = rows;
		this.cols = cols;
		this.values = values;
	}

	/** e.g. "layer 2: relu" or "layer 1: conv1 (conv 32 3)". */
	public String label() {
		return "layer " + (index + 1) + ": " + (spec.hasParameters() ? name + " (" + spec + ")" : spec.toString());
	}
}
