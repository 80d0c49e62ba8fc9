package cnnsandbox.engine;

/** The shape of the values between two layers: an image of channels x rows x cols, or a flat vector. */
public final class Shape {
	public final int channels, rows, cols;
	public final boolean flat;

	public Shape(int channels, int rows, int cols, boolean flat) {
		this.channels = channels;
		this.rows = rows;
		this.cols = cols;
		this.flat = flat;
	}

	/** Values per example. */
	public long size() {
		return (long) channels * rows * cols;
	}

	@Override
	public String toString() {
		return flat ? size() + " values" : channels + " x " + rows + " x " + cols;
	}
}
