package cnnsandbox.model;

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

/**
 * Hand-written forward and backward passes of any {@link LayerList} on preallocated ND4J arrays: one {@link Module}
 * per layer (ConvModule, DenseModule, PoolModule... each in its own file), planned here and run in order, checked
 * against SameDiff's autodiff of the same list
 * ({@link Network}, see EngineTest). No graph executor, no fresh native allocation per op output, and no oneDNN
 * layout reorder where a plain matrix product does the job.
 * <p>
 * The measured tricks of the workshop CNN are per-layer choices the planner makes (see TrainBench):
 * <ul>
 * <li>a first conv layer (one input channel) of a small image is an explicit im2col, built in Java from the pixels, times a
 * [K*K+1, C] matrix with the bias folded in; its output is channels-last (NHWC), and its weight gradient is again a
 * matrix product (ND4J's conv2d_bp would also compute the unneeded input gradient, its slowest part);</li>
 * <li>an activation followed by max pooling is computed pool first (max commutes with monotonic functions), on 4x
 * fewer values;</li>
 * <li>pooling and activations run in whatever layout they get; other convs run on oneDNN in NCHW (fastest forward
 * + backward measured), so channels-last values are copied to NCHW before them and before flattening, whose order
 * is PyTorch's (channel, row, column).</li>
 * </ul>
 * Activations are applied in place. Not thread-safe; one engine per training run or per classifier.
 */
final class Engine {

	/** How a module's output is laid out in memory. */
	enum Layout {
		/** [n, c, h, w] */
		NCHW,
		/** [n, h, w, c] */
		NHWC,
		/** [n, features] */
		FLAT
	}

	/**
	 * Largest im2col per image (floats) for which a first conv layer runs as im2col x gemm: 256 KB per image, 64 MB
	 * for a batch of 250 (the workshop CNN needs 7,840; a 5 x 5 kernel on 28 x 28, 20,384). Larger ones (big images
	 * or kernels) run on oneDNN like the other conv layers.
	 */
	static final long MAX_IM2COL = 65_536;

	/**
	 * Whether array buffers are host memory that Java may read and write in place (the CPU backend). With CUDA they
	 * are not: there a first conv runs as conv2d on the device (the batch crosses once as its raw pixels, 1/(K*K+1)
	 * of an im2col, and no Java loop sits between the GPU's kernels), and host copies go through setData/asFloat,
	 * which keep the device copy in sync. EngineTest covers that path on the CPU through a first conv too large for
	 * im2col.
	 */
	static final boolean HOST_BUFFERS = !cnnsandbox.backend.Backend.isCuda();

	final LayerList net;
	/** Parameters (used in place: updates to them are seen by the next pass). */
	final Map<String, INDArray> w;
	/** Gradients of the last {@link #backward}, same shapes as the parameters: views of one flat array. */
	final FlatParameters gradients;
	/** {@link #gradients} by name. */
	final Map<String, INDArray> grad;
	final int rows, cols, pixels, classes;
	final List<Module> modules = new ArrayList<>();
	/** For each layer of the list, the module whose output is that layer's output (-1 when fused away). */
	private final int[] moduleOfLayer;
	private final Map<Integer, Batch> batches = new HashMap<>();
	/** The dropout modules, in order: the trainer draws one mask per dropout module per batch. */
	final List<DropoutModule> dropouts = new ArrayList<>();

	Engine(LayerList net, Map<String, INDArray> params) {
		this(net, params, true);
	}

	/**
	 * @param fuse apply the measured reorderings (pool before activation); false gives one module per layer, each
	 *            layer's output materialised (Show Activations)
	 */
	Engine(LayerList net, Map<String, INDArray> params, boolean fuse) {
		this.net = net;
		this.w = params;
		this.rows = net.inputRows();
		this.cols = net.inputCols();
		this.pixels = rows * cols;
		this.classes = net.classes();
		Map<String, long[]> shapes = new LinkedHashMap<>();
		for (Map.Entry<String, INDArray> e : params.entrySet()) {
			if (!isContiguousC(e.getValue()) || e.getValue().dataType() != DataType.FLOAT)
				throw new IllegalArgumentException("parameter " + e.getKey() + " must be a contiguous c-order float array");
			shapes.put(e.getKey(), e.getValue().shape());
		}
		gradients = FlatParameters.zeros(shapes);
		grad = gradients.views;
		moduleOfLayer = new int[net.size()];
		plan(fuse);
	}

	// -- Planning --

	private void plan(boolean fuse) {
		Layout layout = Layout.NCHW;
		for (int i = 0; i < net.size(); i++) {
			LayerSpec s = net.spec(i);
			LayerList.Shape in = net.inputShape(i), out = net.outputShape(i);
			if (fuse && s.isActivation() && i + 1 < net.size() && net.spec(i + 1).kind == LayerSpec.Kind.MAXPOOL) {
				// act then maxpool = maxpool then act: the activation runs on the pooled values
				LayerSpec pool = net.spec(i + 1);
				add(new PoolModule(pool, in, net.outputShape(i + 1), layout), layout);
				moduleOfLayer[i] = -1;
				add(new ActivationModule(s.kind, !(last() instanceof ActivationModule)), layout);
				moduleOfLayer[++i] = modules.size() - 1;
				continue;
			}
			switch (s.kind) {
			case CONV:
				if (i == 0 && HOST_BUFFERS && (long) pixels * (s.size * s.size + 1) <= MAX_IM2COL) {
					layout = Layout.NHWC;
					add(new Im2colConvModule(net.name(i), s, out, rows, cols, w, grad), layout);
				} else {
					if (layout == Layout.NHWC)
						add(new ToNchwModule(in), Layout.NCHW);
					layout = Layout.NCHW;
					add(new ConvModule(net.name(i), s, in, out, w, grad), layout);
				}
				break;
			case MAXPOOL:
			case AVGPOOL:
				add(new PoolModule(s, in, out, layout), layout);
				break;
			case RELU:
			case TANH:
			case SIGMOID:
				add(new ActivationModule(s.kind, !(last() instanceof ActivationModule)), layout);
				break;
			case DROPOUT: {
				DropoutModule d = new DropoutModule(s.probability, out, layout);
				dropouts.add(d);
				add(d, layout);
				break;
			}
			case DENSE:
				if (layout == Layout.NHWC)
					add(new ToNchwModule(in), Layout.NCHW);
				layout = Layout.FLAT;
				add(new DenseModule(net.name(i), in, out, w, grad), layout);
				break;
			default:
				throw new IllegalStateException(s.toString());
			}
			moduleOfLayer[i] = modules.size() - 1;
		}
	}

	/** The last module planned (null before the first). */
	private Module last() {
		return modules.isEmpty() ? null : modules.get(modules.size() - 1);
	}

	private void add(Module m, Layout layout) {
		m.index = modules.size();
		m.layout = layout;
		modules.add(m);
	}

	/** The module producing layer i's output (-1 if that output is never materialised: fused). */
	int moduleOf(int layer) {
		return moduleOfLayer[layer];
	}

	/**
	 * Batch size of forward-only passes (evaluation, inference): measured with one thread, oneDNN's NCHW conv2 costs
	 * ~3.5x more per image at 1000 images than at 250 (cache). Dense-only nets gain from larger products (the MLP's
	 * first product: 1.2 M images/s in chunks of 1,000, 1.7 M in one call of 10,000, 2 threads), so they take as
	 * many images as keep each activation buffer under {@link #INFERENCE_FLOATS}.
	 */
	static int inferenceBatch(LayerList net) {
		if (net.hasConv())
			return 250;
		long widest = (long) net.inputRows() * net.inputCols();
		for (int i = 0; i < net.size(); i++)
			widest = Math.max(widest, net.outputShape(i).size());
		return (int) Math.max(250, Math.min(10_000, INFERENCE_FLOATS / widest));
	}

	/** Floats per activation buffer of a dense-only inference batch: 64 MB. */
	static final long INFERENCE_FLOATS = 16L << 20;

	// -- Batches --

	/** Activations and their gradients for a batch of n images, allocated once per batch size. */
	final class Batch {
		final int n;
		final boolean grads;
		/** the pixels staged for one host-to-device copy (CUDA only: on the CPU they go straight into x) */
		final float[] staged;
		/** [n, pixels], or the im2col [n*pixels, K*K+1] */
		final INDArray x;
		/** out[m]: output of module m; d[m]: gradient with respect to it (null without gradients) */
		final INDArray[] out, d;
		/** gradient with respect to the input pixels [n, pixels], allocated when first asked for */
		INDArray dx;
		final float[] zf, dzf;

		Batch(int n, boolean grads) {
			this.n = n;
			this.grads = grads;
			Module first = modules.get(0);
			if (first instanceof Im2colConvModule) {
				x = Nd4j.create(DataType.FLOAT, (long) n * pixels, ((Im2colConvModule) first).cols);
			} else {
				x = Nd4j.create(DataType.FLOAT, n, pixels);
			}
			staged = HOST_BUFFERS ? null : new float[n * pixels];
			out = new INDArray[modules.size()];
			d = new INDArray[modules.size()];
			INDArray prev = x;
			for (Module m : modules) {
				out[m.index] = m.allocateOutput(n, prev);
				if (grads)
					d[m.index] = Nd4j.create(DataType.FLOAT, out[m.index].shape(), 'c');
				prev = out[m.index];
			}
			zf = new float[n * classes];
			dzf = new float[n * classes];
		}

		/**
		 * Loads images {@code idx} (or {@code from..from+n} when idx is null) of a pixel array [N, pixels], on the CPU
		 * straight into the batch's native buffer (no staging array); a first conv's im2col is built on the batch
		 * threads, a piece of images each (their columns are disjoint, so the result does not depend on the thread
		 * count).
		 */
		void load(float[] images, int[] idx, int from) {
			if (!HOST_BUFFERS) {
				for (int k = 0; k < n; k++)
					System.arraycopy(images, (idx == null ? from + k : idx[k]) * pixels, staged, k * pixels, pixels);
				put(x, staged);
				return;
			}
			FloatBuffer dst = x.data().asNioFloat();
			Module first = modules.get(0);
			if (!(first instanceof Im2colConvModule)) {
				dst.position(0);
				for (int k = 0; k < n; k++)
					dst.put(images, (idx == null ? from + k : idx[k]) * pixels, pixels);
				return;
			}
			Im2colConvModule c = (Im2colConvModule) first;
			int perImage = pixels * c.cols;
			Threads.parallelFor(n, n == 1 ? 1 : Threads.forWorkload(Threads.Workload.BATCH), 16, (a, z) -> {
				float[] cols = new float[perImage];
				FloatBuffer d = dst.duplicate(); // a position of its own per piece
				d.position(a * perImage);
				for (int k = a; k < z; k++) {
					im2col(images, (idx == null ? from + k : idx[k]) * pixels, rows, Engine.this.cols, c.k, cols, 0);
					d.put(cols);
				}
				return 0;
			});
		}

		/** The logits [n, classes]. */
		INDArray logits() {
			return out[modules.size() - 1];
		}

		/** The input of module m: the previous module's output, or the loaded batch. */
		INDArray input(Module m) {
			return m.index == 0 ? x : out[m.index - 1];
		}
	}

	/** Buffers for batches of n with gradients (training, input gradients). */
	Batch batch(int n) {
		return batches.computeIfAbsent(2 * n + 1, k -> new Batch(n, true));
	}

	/** Buffers for batches of n, forward only. */
	Batch inferenceBatch(int n) {
		return batches.computeIfAbsent(2 * n, k -> new Batch(n, false));
	}

	// -- Passes --

	/**
	 * Forward pass of the loaded batch up to the logits (also copied into {@code b.zf}).
	 *
	 * @param masks one dropout mask per dropout module (training), or null (inference: no dropout)
	 */
	void forward(Batch b, List<INDArray> masks) {
		forward(b, masks, modules.size() - 1);
		get(b.logits(), b.zf);
	}

	/** Whether {@link #forwardRows} applies: a first dense layer on the CPU. */
	boolean readsRowsInPlace() {
		return HOST_BUFFERS && modules.get(0) instanceof DenseModule;
	}

	/**
	 * Inference on images {@code from..from+b.n} of a dense c-order float array [N, pixels], read in place by the
	 * first (dense) layer: measured on the MLP, staging the rows through Java arrays cost more than its products.
	 */
	void forwardRows(Batch b, INDArray images, int from) {
		Module first = modules.get(0);
		first.forward(b, images.get(NDArrayIndex.interval(from, from + b.n), NDArrayIndex.all()), b.out[0], null);
		for (int m = 1; m < modules.size(); m++)
			forwardModule(b, null, m);
		get(b.logits(), b.zf);
	}

	/** Forward pass up to and including module {@code last}. */
	void forward(Batch b, List<INDArray> masks, int last) {
		for (int m = 0; m <= last; m++)
			forwardModule(b, masks, m);
	}

	/** Forward pass of module m alone (its input computed already). */
	void forwardModule(Batch b, List<INDArray> masks, int m) {
		Module mod = modules.get(m);
		INDArray mask = masks != null && mod instanceof DropoutModule ? masks.get(dropouts.indexOf(mod)) : null;
		mod.forward(b, b.input(mod), b.out[m], mask);
	}

	/**
	 * Backward pass from module {@code start}, whose output gradient {@code b.d[start]} the caller has set.
	 *
	 * @param params compute the parameter gradients into {@link #grad}
	 * @param inputGrad if non-null, receives d/d(input) [n * pixels]
	 */
	void backward(Batch b, List<INDArray> masks, int start, boolean params, float[] inputGrad) {
		for (int m = start; m >= 0; m--) {
			Module mod = modules.get(m);
			INDArray mask = masks != null && mod instanceof DropoutModule ? masks.get(dropouts.indexOf(mod)) : null;
			INDArray dIn;
			if (m > 0)
				dIn = b.d[m - 1];
			else if (inputGrad != null) {
				if (b.dx == null)
					b.dx = Nd4j.create(DataType.FLOAT, b.n, pixels);
				dIn = b.dx;
			} else
				dIn = null;
			// stop where nothing below needs a gradient
			boolean below = m > 0 && (inputGrad != null || (params && hasParamsBelow(m)));
			mod.backward(b, b.input(mod), b.out[m], b.d[m], below || (m == 0 && dIn != null) ? dIn : null, mask, params);
			if (m > 0 && !below)
				return;
		}
		if (inputGrad != null)
			get(b.dx, inputGrad);
	}

	/** Backward pass of the whole network from {@code b.d} of the logits. */
	void backward(Batch b, List<INDArray> masks, boolean params, float[] inputGrad) {
		backward(b, masks, modules.size() - 1, params, inputGrad);
	}

	private boolean hasParamsBelow(int m) {
		for (int i = 0; i < m; i++)
			if (modules.get(i) instanceof Module.Unit)
				return true;
		return false;
	}

	/** Log-softmax of row k of the logits z [n, classes] into lp[0..classes-1] (max-shifted, as Network.logSoftmax). */
	static void logSoftmax(float[] z, int k, int classes, float[] lp) {
		int o = k * classes;
		float max = z[o];
		for (int c = 1; c < classes; c++)
			max = Math.max(max, z[o + c]);
		float sum = 0;
		for (int c = 0; c < classes; c++)
			sum += (float) Math.exp(z[o + c] - max);
		float lse = (float) Math.log(sum);
		for (int c = 0; c < classes; c++)
			lp[c] = z[o + c] - max - lse;
	}

	/**
	 * Mean NLL of the labels after {@link #forward}, and its gradient with respect to the logits into the last
	 * module's output gradient: (softmax - onehot) / n.
	 */
	double lossAndSeed(Batch b, int[] labels, int[] idx) {
		float[] lp = new float[classes];
		double loss = 0;
		for (int k = 0; k < b.n; k++) {
			logSoftmax(b.zf, k, classes, lp);
			int y = labels[idx[k]];
			loss -= lp[y];
			for (int c = 0; c < classes; c++)
				b.dzf[k * classes + c] = ((float) Math.exp(lp[c]) - (c == y ? 1f : 0f)) / b.n;
		}
		put(b.d[modules.size() - 1], b.dzf);
		return loss / b.n;
	}

	// -- Helpers --

	/**
	 * {@code a} as [n, features]: itself when it already is, else a reshaped view. In M2.1 reshape returns a view
	 * even to the same shape, and matrix products on views measured 5 % (CNN) to 20 % (MLP) more training CPU time
	 * per epoch than on plain arrays.
	 */
	static INDArray flat(INDArray a, int n, int features) {
		return a.rank() == 2 && a.size(0) == n && a.size(1) == features ? a : a.reshape('c', n, features);
	}

	/** Whether {@code a}'s elements are one run of its buffer in c order (a view of part of a buffer may be). */
	static boolean isContiguousC(INDArray a) {
		long expected = 1;
		for (int d = a.rank() - 1; d >= 0; d--) {
			if (a.size(d) != 1 && a.stride(d) != expected)
				return false;
			expected *= a.size(d);
		}
		return true;
	}

	/** An NCHW view [n, c, h, w] of a c-order array holding those values (e.g. the [n, pixels] input). */
	static INDArray nchw(INDArray a, int n, LayerList.Shape s) {
		return a.rank() == 4 ? a : a.reshape('c', n, s.channels, s.rows, s.cols);
	}

	/**
	 * K x K, padding K/2 patches of one rows x cols image and a 1: out[(y*cols + x)*(K*K+1) + ky*K + kx] =
	 * img[y+ky-K/2][x+kx-K/2] or 0, and a last column of 1 (the bias).
	 */
	static void im2col(float[] img, int off, int rows, int cols, int k, float[] out, int outOff) {
		int o = outOff, p = k / 2;
		for (int y = 0; y < rows; y++)
			for (int x = 0; x < cols; x++) {
				for (int ky = 0; ky < k; ky++) {
					int yy = y + ky - p;
					boolean rowIn = yy >= 0 && yy < rows;
					for (int kx = 0; kx < k; kx++) {
						int xx = x + kx - p;
						out[o++] = rowIn && xx >= 0 && xx < cols ? img[off + yy * cols + xx] : 0f;
					}
				}
				out[o++] = 1f;
			}
	}

	/** Adjoint of {@link #im2col} for one image (the constant column ignored): img += col2im(cols). */
	static void col2im(float[] colv, int off, int rows, int cols, int k, float[] img, int imgOff) {
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
	static void put(INDArray a, float[] values) {
		if (!HOST_BUFFERS) {
			a.data().setData(values.length == a.length() ? values : java.util.Arrays.copyOf(values, (int) a.length()));
			return;
		}
		FloatBuffer fb = a.data().asNioFloat();
		fb.position(0);
		fb.put(values, 0, (int) a.length());
	}

	/** A whole-buffer array's values into a host array (on CUDA, asFloat synchronises to the host first). */
	static void get(INDArray a, float[] values) {
		if (!HOST_BUFFERS) {
			System.arraycopy(a.data().asFloat(), 0, values, 0, (int) a.length());
			return;
		}
		FloatBuffer fb = a.data().asNioFloat();
		fb.position(0);
		fb.get(values, 0, (int) a.length());
	}

	static void exec(DynamicCustomOp.DynamicCustomOpsBuilder op) {
		Nd4j.exec(op.build());
	}

	/** c = op(a) op(b); c allocated if null. */
	static INDArray gemm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb) {
		if (c == null)
			c = Nd4j.create(DataType.FLOAT, ta ? a.size(1) : a.size(0), tb ? b.size(0) : b.size(1));
		return Nd4j.gemm(a, b, c, ta, tb, 1.0, 0.0);
	}
}
