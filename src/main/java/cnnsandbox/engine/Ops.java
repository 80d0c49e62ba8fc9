package cnnsandbox.engine;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import cnnsandbox.backend.Threads;

/** The ND4J and array helpers that the engine and its modules share: layouts, products, custom ops, host copies. */
public final class Ops {

	private Ops() {}


	/**
	 * {@code a} as [n, features]: itself when it already is, else a reshaped view. In M2.1 reshape returns a view
	 * even to the same shape, and matrix products on views measured 5 % (CNN) to 20 % (MLP) more training CPU time
	 * per epoch than on plain arrays.
	 */
	public static INDArray flat(INDArray a, int n, int features) {
		return a.rank() == 2 && a.size(0) == n && a.size(1) == features ? a : a.reshape('c', n, features);
	}

	/** Whether {@code a}'s elements are one run of its buffer in c order (a view of part of a buffer may be). */
	public static boolean isContiguousC(INDArray a) {
		long expected = 1;
		for (int d = a.rank() - 1; d >= 0; d--) {
			if (a.size(d) != 1 && a.stride(d) != expected)
				return false;
			expected *= a.size(d);
		}
		return true;
	}

	/** An NCHW view [n, c, h, w] of a c-order array holding those values (e.g. the [n, pixels] input). */
	public static INDArray nchw(INDArray a, int n, Shape s) {
		return a.rank() == 4 ? a : a.reshape('c', n, s.channels, s.rows, s.cols);
	}

	/** A 4-d view of a c-order array holding n images of shape s laid out as {@code layout}: NHWC or else NCHW. */
	public static INDArray view(INDArray a, int n, Shape s, Layout layout) {
		if (layout != Layout.NHWC)
			return nchw(a, n, s);
		return a.rank() == 4 ? a : a.reshape('c', n, s.rows, s.cols, s.channels);
	}

	/** A new array [n, h, w, c] (NHWC) or else [n, c, h, w] for n images of shape s. */
	public static INDArray create(int n, Shape s, Layout layout) {
		return layout == Layout.NHWC ? Nd4j.create(DataType.FLOAT, n, s.rows, s.cols, s.channels)
			: Nd4j.create(DataType.FLOAT, n, s.channels, s.rows, s.cols);
	}

	/**
	 * K x K, padding K/2 patches of one rows x cols image, one row per kernel position: out[outOff + (ky*K + kx) *
	 * stride + y*cols + x] = img[y+ky-K/2][x+kx-K/2], or 0 outside the image. Each row is the image shifted, so it is
	 * copied a run of pixels at a time (System.arraycopy) rather than a value at a time: the per-value loop of the
	 * [pixels, K*K+1] layout took 4.6 ms of the workshop CNN's training batch (250 images, 2 threads; EngineProfileBench).
	 */
	public static void im2colRows(float[] img, int off, int rows, int cols, int k, float[] out, int outOff, int stride) {
		int p = k / 2;
		for (int ky = 0; ky < k; ky++)
			for (int kx = 0; kx < k; kx++) {
				int row = outOff + (ky * k + kx) * stride, dy = ky - p, dx = kx - p;
				int x0 = Math.max(0, -dx), x1 = Math.min(cols, cols - dx); // where x + dx is inside
				for (int y = 0; y < rows; y++) {
					int o = row + y * cols, yy = y + dy;
					if (yy < 0 || yy >= rows || x0 >= x1) {
						java.util.Arrays.fill(out, o, o + cols, 0f);
						continue;
					}
					java.util.Arrays.fill(out, o, o + x0, 0f);
					System.arraycopy(img, off + yy * cols + x0 + dx, out, o + x0, x1 - x0);
					java.util.Arrays.fill(out, o + x1, o + cols, 0f);
				}
			}
	}

	/**
	 * Adjoint of {@link #im2colRows} for one image, with the patches as rows [pixels, K*K+1] (the last column, the
	 * bias's, ignored): img += col2im(cols).
	 */
	public static void col2im(float[] colv, int off, int rows, int cols, int k, float[] img, int imgOff) {
		int o = off, p = k / 2;
		for (int y = 0; y < rows; y++)
			for (int x = 0; x < cols; x++, o++)
				for (int ky = 0; ky < k; ky++) {
					int yy = y + ky - p;
					for (int kx = 0; kx < k; kx++, o++) {
						int xx = x + kx - p;
						if (yy >= 0 && yy < rows && xx >= 0 && xx < cols)
							img[imgOff + yy * cols + xx] += colv[o];
					}
				}
	}

	/** Host values into a whole-buffer array (on CUDA through setData, which keeps the device copy in sync). */
	public static void put(INDArray a, float[] values) {
		if (!Engine.HOST_BUFFERS) {
			a.data().setData(values.length == a.length() ? values : java.util.Arrays.copyOf(values, (int) a.length()));
			return;
		}
		FloatBuffer fb = a.data().asNioFloat();
		fb.position(0);
		fb.put(values, 0, (int) a.length());
	}

	/** A whole-buffer array's values into a host array (on CUDA, asFloat synchronises to the host first). */
	public static void get(INDArray a, float[] values) {
		if (!Engine.HOST_BUFFERS) {
			System.arraycopy(a.data().asFloat(), 0, values, 0, (int) a.length());
			return;
		}
		FloatBuffer fb = a.data().asNioFloat();
		fb.position(0);
		fb.get(values, 0, (int) a.length());
	}

	public static void exec(DynamicCustomOp.DynamicCustomOpsBuilder op) {
		Nd4j.exec(op.build());
	}

	/** c = op(a) op(b); c allocated if null. */
	public static INDArray gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb) {
		if (c == null)
			c = Nd4j.create(DataType.FLOAT, ta ? a.size(1) : a.size(0), tb ? b.size(0) : b.size(1));
		return Nd4j.gemm(a, b, c, ta, tb, 1.0, 0.0);
	}
}
