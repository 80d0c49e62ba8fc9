package cnnsandbox.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The engine's Java im2col, checked against its definition and its adjoint (EngineTest checks the conv it feeds). */
class OpsTest {

	@Test
	void im2colRowsHoldsEachKernelPositionsShiftedImageWithZerosOutside() {
		for (int k : new int[] { 1, 3, 5 }) {
			int rows = 4, cols = 7, pixels = rows * cols, stride = pixels + 3, off = 2;
			float[] img = new float[off + pixels];
			Random r = new Random(k);
			for (int i = 0; i < img.length; i++)
				img[i] = r.nextFloat() + 0.5f;
			float[] out = new float[5 + k * k * stride];
			java.util.Arrays.fill(out, Float.NaN); // every value the rows own is written
			Ops.im2colRows(img, off, rows, cols, k, out, 5, stride);
			for (int ky = 0; ky < k; ky++)
				for (int kx = 0; kx < k; kx++)
					for (int y = 0; y < rows; y++)
						for (int x = 0; x < cols; x++) {
							int yy = y + ky - k / 2, xx = x + kx - k / 2;
							float expected = yy >= 0 && yy < rows && xx >= 0 && xx < cols ? img[off + yy * cols + xx] : 0f;
							assertEquals(expected, out[5 + (ky * k + kx) * stride + y * cols + x], "k=" + k + " ky=" + ky + " kx=" + kx + " y=" + y + " x=" + x);
						}
		}
	}

	/** col2im is the adjoint of im2col: <im2col(img), c> = <img, col2im(c)>, c in the [pixels, K*K+1] layout. */
	@Test
	void col2imIsTheAdjointOfIm2colRows() {
		int rows = 5, cols = 6, k = 3, pixels = rows * cols, width = k * k + 1;
		Random r = new Random(7);
		float[] img = new float[pixels], c = new float[pixels * width];
		for (int i = 0; i < img.length; i++)
			img[i] = r.nextFloat() - 0.5f;
		for (int i = 0; i < c.length; i++)
			c[i] = r.nextFloat() - 0.5f;
		float[] patches = new float[k * k * pixels];
		Ops.im2colRows(img, 0, rows, cols, k, patches, 0, pixels);
		double left = 0;
		for (int p = 0; p < pixels; p++)
			for (int j = 0; j < k * k; j++)
				left += (double) patches[j * pixels + p] * c[p * width + j];
		float[] back = new float[pixels];
		Ops.col2im(c, 0, rows, cols, k, back, 0);
		double right = 0;
		for (int p = 0; p < pixels; p++)
			right += (double) img[p] * back[p];
		assertEquals(left, right, 1e-5);
	}
}
