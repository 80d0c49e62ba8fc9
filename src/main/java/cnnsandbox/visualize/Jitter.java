package cnnsandbox.visualize;

import java.util.Random;

/**
 * Random shifts of the image during an ascent (Lucid's jitter): each step sees the image rolled circularly by a
 * seeded offset of at most {@code max} pixels along each axis, and its gradient is rolled back, so the image keeps
 * only what the unit likes wherever it sits and loses the pixel-exact patterns that fit one position.
 */
final class Jitter {

	private final int max;
	private final Random random;
	private int dy, dx;

	Jitter(int max, long seed) {
		this.max = max;
		this.random = new Random(seed);
	}

	boolean isOn() {
		return max > 0;
	}

	/** Draws this step's offset, each axis uniform in [-max, max]. */
	void next() {
		dy = random.nextInt(2 * max + 1) - max;
		dx = random.nextInt(2 * max + 1) - max;
	}

	/** The planes of {@code v} (rows x cols each) rolled by this step's offset. */
	float[] shift(float[] v, int rows, int cols) {
		return roll(v, rows, cols, dy, dx);
	}

	/** The planes of {@code v} rolled back: undoes {@link #shift}. */
	float[] unshift(float[] v, int rows, int cols) {
		return roll(v, rows, cols, -dy, -dx);
	}

	static float[] roll(float[] v, int rows, int cols, int dy, int dx) {
		float[] out = new float[v.length];
		int plane = rows * cols;
		for (int p = 0; p < v.length; p += plane) {
			for (int r = 0; r < rows; r++) {
				int rr = Math.floorMod(r + dy, rows);
				for (int c = 0; c < cols; c++) {
					out[p + rr * cols + Math.floorMod(c + dx, cols)] = v[p + r * cols + c];
				}
			}
		}
		return out;
	}
}
