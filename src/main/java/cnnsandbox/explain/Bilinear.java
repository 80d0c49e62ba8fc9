package cnnsandbox.explain;

/** Bilinear resizing as PyTorch's {@code F.interpolate(mode="bilinear", align_corners=False)}: half-pixel centres. */
final class Bilinear {

	private Bilinear() {}

	/** Resizes src [h, w] into dst[at..] [rows, cols]. */
	static void resize(float[] src, int h, int w, float[] dst, int at, int rows, int cols) {
		for (int y = 0; y < rows; y++) {
			double sy = Math.max(0, (y + 0.5) * h / rows - 0.5);
			int y0 = Math.min((int) sy, h - 1), y1 = Math.min(y0 + 1, h - 1);
			double ly = sy - y0;
			for (int x = 0; x < cols; x++) {
				double sx = Math.max(0, (x + 0.5) * w / cols - 0.5);
				int x0 = Math.min((int) sx, w - 1), x1 = Math.min(x0 + 1, w - 1);
				double lx = sx - x0;
				dst[at + y * cols + x] = (float) ((1 - ly) * ((1 - lx) * src[y0 * w + x0] + lx * src[y0 * w + x1])
					+ ly * ((1 - lx) * src[y1 * w + x0] + lx * src[y1 * w + x1]));
			}
		}
	}
}
