package cnnsandbox.deblur;

/**
 * How a row-major {@code double[]} of size width x height is treated: as a 1-D signal when either side is 1
 * (so a column of pixels is blurred along its length, not across it), as a 2-D image otherwise.
 */
final class SignalShape {
	final int width;
	final int height;

	SignalShape(int width, int height) {
		if (width < 1 || height < 1) {
			throw new IllegalArgumentException("width and height must be >= 1, got " + width + " x " + height);
		}
		if ((long) width * height > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("image too large: " + width + " x " + height);
		}
		this.width = width;
		this.height = height;
	}

	boolean isOneDimensional() {
		return width == 1 || height == 1;
	}

	int length() {
		return width * height;
	}
}
