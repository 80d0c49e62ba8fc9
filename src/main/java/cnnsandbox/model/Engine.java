package cnnsandbox.model;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import cnnsandbox.backend.Threads;

/**
 * Hand-written forward and backward passes of the two workshop networks on preallocated ND4J arrays: the same
 * functions as the SameDiff graphs of {@link Network} (which stay the reference, see EngineTest), without a graph
 * executor, without a fresh native allocation per op output, and without oneDNN layout reorders where a plain
 * matrix product does the job.
 * <p>
 * Layouts (chosen by measurement, see TrainBench): conv1 has one input channel, so it is an explicit im2col (built
 * in Java from the pixels) times a [9, 32] matrix, which gives its output channels-last; max pooling commutes with
 * ReLU, so each conv output is pooled first and the ReLU applied to the 4x smaller result; pool1 runs
 * channels-last, its output is copied to channels-first for conv2, which runs on oneDNN in NCHW (fastest forward +
 * backward measured); conv1's weight gradient is again a matrix product (ND4J's conv2d_bp would also compute the
 * unneeded input gradient, its slowest part). The flatten order is PyTorch's (channel, row, column).
 * <p>
 * Not thread-safe; one engine per training run or per classifier.
 */
final class Engine {

	/** K: a 3x3 patch and a constant 1 (conv1's bias folded into its matrix product). */
	static final int PIXELS = Network.ROWS * Network.COLS, K = 10, H1 = 14, H2 = 7;

	final Architecture arch;
	final int hidden;
	/** Parameters (used in place: updates to them are seen by the next pass). */
	final Map<String, INDArray> w;
	/** Gradients of the last {@link #backward}, same shapes as the parameters. */
	final Map<String, INDArray> grad = new LinkedHashMap<>();
	/** conv1 weights with the bias as the last row [10, 32], and its gradient. */
	private final INDArray conv1Wb, gConv1Wb;
	private final Map<Integer, Batch> batches = new HashMap<>();
	/**
	 * conv1 as ND4J's conv2d op on the device (NHWC) instead of the Java im2col times a matrix: with the CUDA backend,
	 * so that a batch crosses to the GPU once as its raw pixels (4x smaller than the im2col) and no Java loop sits
	 * between the GPU's kernels. On the CPU the im2col product stays (measured faster than oneDNN's conv1 with one
	 * input channel, see TrainBench); EngineTest checks that both paths agree.
	 */
	final boolean deviceConv1;

	Engine(Architecture arch, int hidden, Map<String, INDArray> params) {
		this(arch, hidden, params, cnnsandbox.backend.Backend.isCuda());
	}

	Engine(Architecture arch, int hidden, Map<String, INDArray> params, boolean deviceConv1) {
		this.deviceConv1 = deviceConv1 && arch == Architecture.CNN;
		this.arch = arch;
		this.hidden = hidden;
		this.w = params;
		for (Map.Entry<String, INDArray> e : params.entrySet()) {
			if (e.getValue().ordering() != 'c' || e.getValue().isView() || e.getValue().dataType() != DataType.FLOAT)
				throw new IllegalArgumentException("parameter " + e.getKey() + " must be a dense c-order float array");
			grad.put(e.getKey(), Nd4j.create(DataType.FLOAT, e.getValue().shape(), 'c'));
		}
		conv1Wb = arch == Architecture.CNN ? Nd4j.create(DataType.FLOAT, K, Network.CONV1) : null;
		gConv1Wb = arch == Architecture.CNN ? Nd4j.create(DataType.FLOAT, K, Network.CONV1) : null;
	}

	/** Activations and their gradients for a batch of n images, allocated once per batch size. */
	final class Batch {
		final int n;
		final INDArray x; // MLP [n, 784]; CNN im2col [n*784, 10], or with deviceConv1 the pixels [n, 28, 28, 1]
		final float[] staged; // pixels staged for one host-to-device copy (deviceConv1 only)
		INDArray dx; // with deviceConv1: conv1's input gradient [n, 28, 28, 1] (computed by conv2d_bp anyway)
		INDArray c1, p1, h1, c2, p2, dc1, dp1, dh1nhwc, dh1, dc2, dp2, dcols;
		final INDArray flat, flatd, a1, r1, z;
		INDArray dz, dr1, da1, dflat;
		final float[] zf, dzf;

		Batch(int n, boolean grads) {
			this.n = n;
			int flatSize;
			if (arch == Architecture.CNN) {
				x = deviceConv1 ? Nd4j.create(DataType.FLOAT, n, Network.ROWS, Network.COLS, 1)
					: Nd4j.create(DataType.FLOAT, n * PIXELS, K);
				staged = deviceConv1 ? new float[n * PIXELS] : null;
				dx = deviceConv1 && grads ? Nd4j.create(DataType.FLOAT, n, Network.ROWS, Network.COLS, 1) : null;
				c1 = Nd4j.create(DataType.FLOAT, n * PIXELS, Network.CONV1); // = NHWC [n,28,28,32]
				p1 = Nd4j.create(DataType.FLOAT, n, H1, H1, Network.CONV1);
				h1 = Nd4j.create(DataType.FLOAT, n, Network.CONV1, H1, H1);
				c2 = Nd4j.create(DataType.FLOAT, n, Network.CONV2, H1, H1);
				p2 = Nd4j.create(DataType.FLOAT, n, Network.CONV2, H2, H2);
				if (grads) {
					dc1 = Nd4j.create(DataType.FLOAT, n * PIXELS, Network.CONV1);
					dp1 = Nd4j.create(DataType.FLOAT, n, H1, H1, Network.CONV1);
					dh1nhwc = Nd4j.create(DataType.FLOAT, n, H1, H1, Network.CONV1);
					dh1 = Nd4j.create(DataType.FLOAT, n, Network.CONV1, H1, H1);
					dc2 = Nd4j.create(DataType.FLOAT, n, Network.CONV2, H1, H1);
					dp2 = Nd4j.create(DataType.FLOAT, n, Network.CONV2, H2, H2);
					if (n == 1)
						dcols = Nd4j.create(DataType.FLOAT, PIXELS, K);
				}
				flatSize = Network.FLAT;
				flat = p2.reshape('c', n, flatSize);
			} else {
				x = Nd4j.create(DataType.FLOAT, n, PIXELS);
				staged = null;
				flatSize = PIXELS;
				flat = x;
			}
			flatd = arch == Architecture.CNN ? Nd4j.create(DataType.FLOAT, n, flatSize) : flat;
			a1 = Nd4j.create(DataType.FLOAT, n, hidden);
			r1 = Nd4j.create(DataType.FLOAT, n, hidden);
			z = Nd4j.create(DataType.FLOAT, n, Network.CLASSES);
			if (grads) {
				dflat = Nd4j.create(DataType.FLOAT, n, flatSize);
				da1 = Nd4j.create(DataType.FLOAT, n, hidden);
				dr1 = Nd4j.create(DataType.FLOAT, n, hidden);
				dz = Nd4j.create(DataType.FLOAT, n, Network.CLASSES);
			}
			zf = new float[n * Network.CLASSES];
			dzf = new float[n * Network.CLASSES];
		}

		/**
		 * Loads images {@code idx} (or {@code from..from+n} when idx is null) of a pixel array [N, 784], written
		 * straight into the batch's native buffer (no Java staging array); the CNN's im2col is built on all the
		 * batch threads, one image per task piece (each image's columns are disjoint, so the result does not depend
		 * on the thread count).
		 */
		void load(float[] pixels, int[] idx, int from) {
			if (deviceConv1) {
				for (int k = 0; k < n; k++)
					System.arraycopy(pixels, (idx == null ? from + k : idx[k]) * PIXELS, staged, k * PIXELS, PIXELS);
				put(x, staged);
				return;
			}
			FloatBuffer dst = x.data().asNioFloat();
			if (arch == Architecture.MLP) {
				dst.position(0);
				for (int k = 0; k < n; k++)
					dst.put(pixels, (idx == null ? from + k : idx[k]) * PIXELS, PIXELS);
				return;
			}
			Threads.parallelFor(n, n == 1 ? 1 : Threads.forWorkload(Threads.Workload.BATCH), 16, (a, z) -> {
				float[] cols = new float[PIXELS * K];
				FloatBuffer d = dst.duplicate(); // own position per piece
				d.position(a * PIXELS * K);
				for (int k = a; k < z; k++) {
					im2col(pixels, (idx == null ? from + k : idx[k]) * PIXELS, cols, 0);
					d.put(cols);
				}
				return 0;
			});
		}
	}

	/**
	 * Batch size of forward-only passes (evaluation, inference): measured with one thread, oneDNN's NCHW conv2 costs
	 * ~3.5x more per image at 1000 images than at 250 (cache); the MLP gains from larger products.
	 */
	static int inferenceBatch(Architecture arch) {
		return arch == Architecture.CNN ? 250 : 1000;
	}

	/** Buffers for batches of n with gradients (training, input gradients). */
	Batch batch(int n) {
		return batches.computeIfAbsent(2 * n + 1, k -> new Batch(n, true));
	}

	/** Buffers for batches of n, forward only. */
	Batch inferenceBatch(int n) {
		return batches.computeIfAbsent(2 * n, k -> new Batch(n, false));
	}

	/**
	 * 3x3, padding 1 patches of one 28 x 28 image and a 1: out[(y*28 + x)*10 + ky*3 + kx] = img[y+ky-1][x+kx-1] or 0,
	 * out[(y*28 + x)*10 + 9] = 1.
	 */
	static void im2col(float[] img, int off, float[] out, int outOff) {
		int o = outOff;
		for (int y = 0; y < Network.ROWS; y++)
			for (int x = 0; x < Network.COLS; x++) {
				for (int ky = -1; ky <= 1; ky++) {
					int yy = y + ky;
					boolean rowIn = yy >= 0 && yy < Network.ROWS;
					for (int kx = -1; kx <= 1; kx++) {
						int xx = x + kx;
						out[o++] = rowIn && xx >= 0 && xx < Network.COLS ? img[off + yy * Network.COLS + xx] : 0f;
					}
				}
				out[o++] = 1f;
			}
	}

	/** Adjoint of {@link #im2col} for one image (the constant column ignored): img += col2im(cols). */
	static void col2im(float[] cols, float[] img) {
		int o = 0;
		for (int y = 0; y < Network.ROWS; y++)
			for (int x = 0; x < Network.COLS; x++, o++)
				for (int ky = -1; ky <= 1; ky++) {
					int yy = y + ky;
					for (int kx = -1; kx <= 1; kx++, o++) {
						int xx = x + kx;
						if (yy >= 0 && yy < Network.ROWS && xx >= 0 && xx < Network.COLS)
							img[yy * Network.COLS + xx] += cols[o];
					}
				}
	}

	/** Host values into an array: through the buffer's own setData (which keeps a CUDA device copy in sync). */
	static void put(INDArray a, float[] values) {
		if (!HOST_BUFFERS) { // our arrays are whole buffers
			a.data().setData(values.length == a.length() ? values : java.util.Arrays.copyOf(values, (int) a.length()));
			return;
		}
		FloatBuffer fb = a.data().asNioFloat();
		fb.position(0);
		fb.put(values, 0, (int) a.length());
	}

	/** An array's values into a host array (asFloat synchronises a CUDA buffer to the host first). */
	static void get(INDArray a, float[] values) {
		if (HOST_BUFFERS) {
			FloatBuffer fb = a.data().asNioFloat();
			fb.position(0);
			fb.get(values, 0, (int) a.length());
		} else
			System.arraycopy(a.data().asFloat(), 0, values, 0, (int) a.length());
	}

	/** Whether array buffers are host memory we may read in place (the CPU backend). */
	static final boolean HOST_BUFFERS = !cnnsandbox.backend.Backend.isCuda();

	/**
	 * Forward pass of the loaded batch up to the logits {@code b.z} (and {@code b.zf}).
	 *
	 * @param mask dropout mask [n, 3136] for the CNN in training, else null (inference)
	 */
	void forward(Batch b, INDArray mask) {
		forward(b, mask, Start.FC2);
	}

	/** Forward pass up to the output of layer {@code last} (for activation maximisation). */
	void forward(Batch b, INDArray mask, Start last) {
		if (arch == Architecture.CNN) {
			if (deviceConv1)
				exec(DynamicCustomOp.builder("conv2d").addInputs(b.x, w.get("conv1_W"), w.get("conv1_b"))
					.addOutputs(b.c1.reshape('c', b.n, Network.ROWS, Network.COLS, Network.CONV1))
					.addIntegerArguments(3, 3, 1, 1, 1, 1, 1, 1, 0, 1, 0));
			else {
				conv1Wb.get(NDArrayIndex.interval(0, K - 1), NDArrayIndex.all())
					.assign(w.get("conv1_W").reshape('c', K - 1, Network.CONV1));
				conv1Wb.getRow(K - 1).assign(w.get("conv1_b"));
				gemm(b.x, conv1Wb, b.c1, false, false);
			}
			if (last == Start.CONV1)
				return;
			INDArray c1 = b.c1.reshape('c', b.n, Network.ROWS, Network.COLS, Network.CONV1);
			exec(pool("maxpool2d", true).addInputs(c1).addOutputs(b.p1));
			relu(b.p1);
			b.h1.assign(b.p1.permute(0, 3, 1, 2));
			exec(DynamicCustomOp.builder("conv2d").addInputs(b.h1, w.get("conv2_W"), w.get("conv2_b")).addOutputs(b.c2)
				.addIntegerArguments(3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 0));
			if (last == Start.CONV2)
				return;
			exec(pool("maxpool2d", false).addInputs(b.c2).addOutputs(b.p2));
			relu(b.p2);
			if (mask != null)
				b.flat.mul(mask, b.flatd);
			else
				b.flatd.assign(b.flat);
		}
		dense(b, b.flatd, last);
	}

	/**
	 * MLP inference on images {@code from..from+b.n} of a dense c-order float array [N, 784], read in place: the
	 * first product takes the rows as they are (measured: staging them through Java arrays cost more than the
	 * products themselves).
	 */
	void forwardRows(Batch b, INDArray images, int from) {
		if (arch != Architecture.MLP)
			throw new IllegalStateException("in-place rows are for the MLP");
		dense(b, images.get(NDArrayIndex.interval(from, from + b.n), NDArrayIndex.all()), Start.FC2);
	}

	private void dense(Batch b, INDArray in, Start last) {
		gemm(in, w.get("fc1_W"), b.a1, false, false);
		b.a1.addiRowVector(w.get("fc1_b"));
		if (last == Start.FC1)
			return;
		b.r1.assign(b.a1);
		relu(b.r1);
		gemm(b.r1, w.get("fc2_W"), b.z, false, false);
		b.z.addiRowVector(w.get("fc2_b"));
		get(b.z, b.zf);
	}

	/** Log-softmax of row k of the logits into lp[0..9] (max-shifted, as Network.logSoftmax). */
	static void logSoftmax(float[] z, int k, float[] lp) {
		int o = k * Network.CLASSES;
		float max = z[o];
		for (int c = 1; c < Network.CLASSES; c++)
			max = Math.max(max, z[o + c]);
		float sum = 0;
		for (int c = 0; c < Network.CLASSES; c++)
			sum += (float) Math.exp(z[o + c] - max);
		float lse = (float) Math.log(sum);
		for (int c = 0; c < Network.CLASSES; c++)
			lp[c] = z[o + c] - max - lse;
	}

	/**
	 * Mean NLL of the labels after {@link #forward}, and its gradient with respect to the logits into {@code b.dz}:
	 * (softmax - onehot) / n.
	 */
	double lossAndSeed(Batch b, int[] labels, int[] idx) {
		float[] lp = new float[Network.CLASSES];
		double loss = 0;
		for (int k = 0; k < b.n; k++) {
			logSoftmax(b.zf, k, lp);
			int y = labels[idx[k]];
			loss -= lp[y];
			for (int c = 0; c < Network.CLASSES; c++)
				b.dzf[k * Network.CLASSES + c] = ((float) Math.exp(lp[c]) - (c == y ? 1f : 0f)) / b.n;
		}
		put(b.dz, b.dzf);
		return loss / b.n;
	}

	/** Where a backward pass starts: the gradient already written into the named layer's output gradient. */
	enum Start {
		FC2, FC1, CONV2, CONV1
	}

	/**
	 * Backward pass from {@code start} (its output gradient set by the caller: b.dz, b.da1, b.dc2 or b.dc1).
	 *
	 * @param params compute the parameter gradients into {@link #grad}
	 * @param inputGrad if non-null, receives d/d(input) [n*784] (MLP or CNN)
	 */
	void backward(Batch b, INDArray mask, Start start, boolean params, float[] inputGrad) {
		if (start == Start.FC2) {
			if (params) {
				gemm(b.r1, b.dz, grad.get("fc2_W"), true, false);
				b.dz.sum(grad.get("fc2_b"), 0);
			}
			gemm(b.dz, w.get("fc2_W"), b.dr1, false, true);
			exec(DynamicCustomOp.builder("relu_bp").addInputs(b.a1, b.dr1).addOutputs(b.da1));
		}
		if (start == Start.FC2 || start == Start.FC1) {
			if (params) {
				gemm(b.flatd, b.da1, grad.get("fc1_W"), true, false);
				b.da1.sum(grad.get("fc1_b"), 0);
			}
			if (arch == Architecture.MLP) {
				if (inputGrad != null) {
					gemm(b.da1, w.get("fc1_W"), b.dflat, false, true);
					get(b.dflat, inputGrad);
				}
				return;
			}
			gemm(b.da1, w.get("fc1_W"), b.dflat, false, true);
			if (mask != null)
				b.dflat.muli(mask);
			exec(DynamicCustomOp.builder("relu_bp").addInputs(b.p2, b.dflat.reshape('c', b.n, Network.CONV2, H2, H2))
				.addOutputs(b.dp2));
			exec(pool("maxpool2d_bp", false).addInputs(b.c2, b.dp2).addOutputs(b.dc2));
		}
		if (start != Start.CONV1) {
			INDArray gw = grad.get("conv2_W"), gb = grad.get("conv2_b"); // computed by conv2d_bp anyway
			exec(DynamicCustomOp.builder("conv2d_bp").addInputs(b.h1, w.get("conv2_W"), w.get("conv2_b"), b.dc2)
				.addOutputs(b.dh1, gw, gb).addIntegerArguments(3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 0));
			b.dh1nhwc.assign(b.dh1.permute(0, 2, 3, 1));
			exec(DynamicCustomOp.builder("relu_bp").addInputs(b.p1, b.dh1nhwc).addOutputs(b.dp1));
			exec(pool("maxpool2d_bp", true)
				.addInputs(b.c1.reshape('c', b.n, Network.ROWS, Network.COLS, Network.CONV1), b.dp1)
				.addOutputs(b.dc1.reshape('c', b.n, Network.ROWS, Network.COLS, Network.CONV1)));
		}
		if (deviceConv1) {
			if (params || inputGrad != null)
				exec(DynamicCustomOp.builder("conv2d_bp").addInputs(b.x, w.get("conv1_W"), w.get("conv1_b"),
					b.dc1.reshape('c', b.n, Network.ROWS, Network.COLS, Network.CONV1))
					.addOutputs(b.dx, grad.get("conv1_W"), grad.get("conv1_b")).addIntegerArguments(3, 3, 1, 1, 1, 1, 1, 1, 0, 1, 0));
			if (inputGrad != null)
				get(b.dx, inputGrad);
			return;
		}
		if (params) {
			gemm(b.x, b.dc1, gConv1Wb, true, false);
			grad.get("conv1_W").reshape('c', K - 1, Network.CONV1)
				.assign(gConv1Wb.get(NDArrayIndex.interval(0, K - 1), NDArrayIndex.all()));
			grad.get("conv1_b").assign(gConv1Wb.getRow(K - 1));
		}
		if (inputGrad != null) {
			if (b.n != 1)
				throw new IllegalStateException("input gradients of the CNN are for one image");
			gemm(b.dc1, conv1Wb, b.dcols, false, true);
			float[] cols = new float[PIXELS * K];
			get(b.dcols, cols);
			java.util.Arrays.fill(inputGrad, 0f);
			col2im(cols, inputGrad);
		}
	}

	private static DynamicCustomOp.DynamicCustomOpsBuilder pool(String name, boolean nhwc) {
		return DynamicCustomOp.builder(name).addIntegerArguments(2, 2, 2, 2, 0, 0, 1, 1, 0, 0, nhwc ? 1 : 0);
	}

	private static void exec(DynamicCustomOp.DynamicCustomOpsBuilder op) {
		Nd4j.exec(op.build());
	}

	private static void relu(INDArray a) {
		org.nd4j.linalg.ops.transforms.Transforms.relu(a, false);
	}

	/** c = op(a) op(b); c allocated if null. */
	static INDArray gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb) {
		if (c == null)
			c = Nd4j.create(DataType.FLOAT, ta ? a.size(1) : a.size(0), tb ? b.size(0) : b.size(1));
		return Nd4j.gemm(a, b, c, ta, tb, 1.0, 0.0);
	}
}
