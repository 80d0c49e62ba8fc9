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

/**
 * Hand-written forward and backward passes of any {@link NetworkPlan} (a model.LayerList) on preallocated ND4J arrays: one {@link Module}
 * per layer (ConvModule, DenseModule, PoolModule... each in its own file), planned here and run in order, checked
 * against SameDiff's autodiff of the same list
 * ({@link Network}, see EngineTest). No graph executor, no fresh native allocation per op output, and no oneDNN
 * layout reorder where a plain matrix product does the job.
 * <p>
 * The measured tricks of the workshop CNN are per-layer choices the planner makes (see TrainBench; EngineProfileBench
 * times each module):
 * <ul>
 * <li>a first conv layer (one input channel) of a small image is an explicit im2col, built in Java from the pixels as
 * rows (one shifted copy of the image per kernel position, then ones), whose transpose multiplies a [K*K+1, C] matrix
 * with the bias folded in; its output is channels-last (NHWC), and its weight gradient is again a
 * matrix product (ND4J's conv2d_bp would also compute the unneeded input gradient, its slowest part);</li>
 * <li>an activation followed by max pooling is computed pool first (max commutes with monotonic functions), on 4x
 * fewer values;</li>
 * <li>pooling, activations and the other convs (oneDNN) run in whatever layout they get, so after a first im2col conv
 * the values stay channels-last through the conv stack: oneDNN's forward conv kernel here is channels-last
 * (brgconv), and NCHW values were copied to channels-last and back around it (the workshop CNN's training batch
 * took 0.84x the time this way, inference 1.29x the images/s, the same values bit for bit); they are copied to NCHW
 * before a dropout and before flattening, whose order is PyTorch's (channel, row, column).</li>
 * </ul>
 * Activations are applied in place. Not thread-safe; one engine per training run or per classifier.
 */
public final class Engine {


	/**
	 * Largest im2col per image (floats) for which a first conv layer runs as im2col x gemm: 256 KB per image, 64 MB
	 * for a batch of 250 (the workshop CNN needs 7,840; a 5 x 5 kernel on 28 x 28, 20,384). Larger ones (big images
	 * or kernels) run on oneDNN like the other conv layers.
	 */
	public static final long MAX_IM2COL = 65_536;

	/**
	 * Whether array buffers are host memory that Java may read and write in place (the CPU backend). With CUDA they
	 * are not: there a first conv runs as conv2d on the device (the batch crosses once as its raw pixels, 1/(K*K+1)
	 * of an im2col, and no Java loop sits between the GPU's kernels), and host copies go through setData/asFloat,
	 * which keep the device copy in sync. EngineTest covers that path on the CPU through a first conv too large for
	 * im2col.
	 */
	public static final boolean HOST_BUFFERS = !cnnsandbox.backend.Backend.isCuda();

	public final NetworkPlan net;
	/** Parameters (used in place: updates to them are seen by the next pass). */
	final Map<String, INDArray> w;
	/** Gradients of the last {@link #backward}, same shapes as the parameters: views of one flat array. */
	public final FlatParameters gradients;
	/** {@link #gradients} by name. */
	public final Map<String, INDArray> grad;
	/** The input's size; pixels = channels x rows x cols, the values of one input image. */
	public final int channels, rows, cols, pixels, classes;
	public final List<Module> modules = new ArrayList<>();
	/** For each layer of the list, the module whose output is that layer's output (-1 when fused away). */
	private final int[] moduleOfLayer;
	private final Map<Integer, Batch> batches = new HashMap<>();
	/** The dropout modules, in order: the trainer draws one mask per dropout module per batch. */
	public final List<DropoutModule> dropouts = new ArrayList<>();

	public Engine(NetworkPlan net, Map<String, INDArray> params) {
		this(net, params, true);
	}

	/**
	 * @param fuse apply the measured reorderings (pool before activation); false gives one module per layer, each
	 *            layer's output materialised (Show Activations)
	 */
	public Engine(NetworkPlan net, Map<String, INDArray> params, boolean fuse) {
		this.net = net;
		this.w = params;
		this.rows = net.inputRows();
		this.cols = net.inputCols();
		this.channels = net.inputChannels();
		this.pixels = channels * rows * cols;
		this.classes = net.classes();
		Map<String, long[]> shapes = new LinkedHashMap<>();
		for (Map.Entry<String, INDArray> e : params.entrySet()) {
			if (!Ops.isContiguousC(e.getValue()) || e.getValue().dataType() != DataType.FLOAT)
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
		Planner p = new Planner();
		for (int i = 0; i < net.size(); i++) {
			PlannedLayer l = net.layer(i);
			Shape in = net.inputShape(i), out = net.outputShape(i);
			if (fuse && l.activation() != null && i + 1 < net.size() && net.layer(i + 1).isMaxPool()) {
				// act then maxpool = maxpool then act: the activation runs on the pooled values
				net.layer(i + 1).plan(p, i + 1, in, net.outputShape(i + 1), net.name(i + 1));
				moduleOfLayer[i] = -1;
				p.activation(l.activation());
				moduleOfLayer[++i] = modules.size() - 1;
				continue;
			}
			l.plan(p, i, in, out, net.name(i));
			moduleOfLayer[i] = modules.size() - 1;
		}
	}

	/**
	 * What a layer kind may do while the engine plans it: add modules in the current layout or change it, and reach
	 * the parameters and gradients its modules use.
	 */
	public final class Planner {
		private Layout layout = Layout.NCHW;

		private Planner() {}

		/** How the values so far are laid out. */
		public Layout layout() {
			return layout;
		}

		/** Adds a module that keeps the current layout. */
		public void add(Module m) {
			Engine.this.add(m, layout);
		}

		/** Adds a module whose output is laid out as {@code out}. */
		public void add(Module m, Layout out) {
			layout = out;
			Engine.this.add(m, out);
		}

		/** Copies channels-last values (a first im2col conv's) to NCHW, if they are channels-last. */
		public void toNchw(Shape in) {
			if (layout == Layout.NHWC)
				add(new ToNchwModule(in), Layout.NCHW);
		}

		/** An element-wise activation, in place unless the previous module is also one (its output is kept). */
		public void activation(Activation a) {
			add(new ActivationModule(a, !(last() instanceof ActivationModule)));
		}

		/**
		 * A dropout module: the trainer draws one mask for it per batch, in (channel, row, column) order. Channels-last
		 * values are copied to NCHW first: multiplied through a permuted view of the mask, the workshop CNN's
		 * [250, 7, 7, 64] took 4.0-4.2 ms each way against 0.4-0.5 ms on NCHW values, and the copy (0.7-0.9 ms each
		 * way) is the one a dense layer after it needs anyway (EngineProfileBench).
		 */
		public void dropout(double p, Shape out) {
			toNchw(out);
			DropoutModule d = new DropoutModule(p, out);
			dropouts.add(d);
			add(d);
		}

		/**
		 * Whether layer i, a K x K conv, runs as a Java im2col times a matrix: the first layer on a grey (one-channel)
		 * input, on host buffers, with an im2col of at most {@link #MAX_IM2COL} floats per image. A first conv on C
		 * channels runs on oneDNN like the others.
		 */
		public boolean im2colFits(int i, int k) {
			return i == 0 && channels == 1 && HOST_BUFFERS && (long) pixels * (k * k + 1) <= MAX_IM2COL;
		}

		public int inputRows() {
			return rows;
		}

		public int inputCols() {
			return cols;
		}

		/** Parameters by name (used in place). */
		public Map<String, INDArray> params() {
			return w;
		}

		/** Gradients by name, same shapes as the parameters. */
		public Map<String, INDArray> grads() {
			return grad;
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
	public int moduleOf(int layer) {
		return moduleOfLayer[layer];
	}

	/**
	 * Batch size of forward-only passes (evaluation, inference): measured with one thread, oneDNN's NCHW conv2 costs
	 * ~3.5x more per image at 1000 images than at 250 (cache). Dense-only nets gain from larger products (the MLP's
	 * first product: 1.2 M images/s in chunks of 1,000, 1.7 M in one call of 10,000, 2 threads), so they take as
	 * many images as keep each activation buffer under {@link #INFERENCE_FLOATS}.
	 */
	public static int inferenceBatch(NetworkPlan net) {
		if (net.hasConv())
			return 250;
		long widest = (long) net.inputChannels() * net.inputRows() * net.inputCols();
		for (int i = 0; i < net.size(); i++)
			widest = Math.max(widest, net.outputShape(i).size());
		return (int) Math.max(250, Math.min(10_000, INFERENCE_FLOATS / widest));
	}

	/** Floats per activation buffer of a dense-only inference batch: 64 MB. */
	static final long INFERENCE_FLOATS = 16L << 20;

	// -- Batches --

	/** Activations and their gradients for a batch of n images, allocated once per batch size. */
	public final class Batch {
		public final int n;
		final boolean grads;
		/** the pixels staged for one host-to-device copy (CUDA only: on the CPU they go straight into x) */
		final float[] staged;
		/**
		 * [n, pixels], or the im2col [K*K+1, n*pixels] (its last row the bias's ones, set once); allocated on first
		 * use ({@link #x()}) for forward-only batches of a first dense layer, which {@link #forwardRows} reads in
		 * place: measured, allocating the unused 31 MB of a 10,000-image MLP batch took 40-340 ms, 4-12x the
		 * inference itself, and made the first Classify Image call the slowest by that much.
		 */
		private INDArray x;
		/** out[m]: output of module m; d[m]: gradient with respect to it (null without gradients) */
		public final INDArray[] out, d;
		/** gradient with respect to the input pixels [n, pixels], allocated when first asked for */
		public INDArray dx;
		public final float[] zf, dzf;

		Batch(int n, boolean grads) {
			this.n = n;
			this.grads = grads;
			if (grads || !(modules.get(0) instanceof DenseModule)) // a dense layer's output does not depend on x
				x();
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

		/** The loaded batch: allocated here when first needed. */
		public INDArray x() {
			if (x == null) {
				Module first = modules.get(0);
				if (first instanceof Im2colConvModule) {
					int cols = ((Im2colConvModule) first).cols;
					x = Nd4j.create(DataType.FLOAT, cols, (long) n * pixels);
					x.getRow(cols - 1).assign(1);
				} else
					x = Nd4j.create(DataType.FLOAT, n, pixels);
			}
			return x;
		}

		/**
		 * Loads images {@code idx} (or {@code from..from+n} when idx is null) of a pixel array [N, pixels], on the CPU
		 * straight into the batch's native buffer (no staging array); a first conv's im2col is built on the batch
		 * threads, a piece of images each (their columns are disjoint, so the result does not depend on the thread
		 * count).
		 */
		public void load(float[] images, int[] idx, int from) {
			if (!HOST_BUFFERS) {
				for (int k = 0; k < n; k++)
					System.arraycopy(images, (idx == null ? from + k : idx[k]) * pixels, staged, k * pixels, pixels);
				Ops.put(x(), staged);
				return;
			}
			FloatBuffer dst = x().data().asNioFloat();
			Module first = modules.get(0);
			if (!(first instanceof Im2colConvModule)) {
				dst.position(0);
				for (int k = 0; k < n; k++)
					dst.put(images, (idx == null ? from + k : idx[k]) * pixels, pixels);
				return;
			}
			Im2colConvModule c = (Im2colConvModule) first;
			int patches = c.cols - 1, stride = n * pixels; // rows of the im2col to fill, floats per row
			Threads.parallelFor(n, n == 1 ? 1 : Threads.forWorkload(Threads.Workload.BATCH), 16, (a, z) -> {
				float[] shifted = new float[patches * pixels]; // an image's rows of the im2col
				FloatBuffer d = dst.duplicate(); // a position of its own per piece
				for (int k = a; k < z; k++) {
					Ops.im2colRows(images, (idx == null ? from + k : idx[k]) * pixels, rows, cols, c.k, shifted, 0, pixels);
					for (int r = 0; r < patches; r++) {
						d.position(r * stride + k * pixels);
						d.put(shifted, r * pixels, pixels);
					}
				}
				return 0;
			});
		}

		/** The logits [n, classes]. */
		public INDArray logits() {
			return out[modules.size() - 1];
		}

		/** The input of module m: the previous module's output, or the loaded batch. */
		public INDArray input(Module m) {
			return m.index == 0 ? x() : out[m.index - 1];
		}
	}

	/** Buffers for batches of n with gradients (training, input gradients). */
	public Batch batch(int n) {
		return batches.computeIfAbsent(2 * n + 1, k -> new Batch(n, true));
	}

	/** Buffers for batches of n, forward only. */
	public Batch inferenceBatch(int n) {
		return batches.computeIfAbsent(2 * n, k -> new Batch(n, false));
	}

	// -- Passes --

	/**
	 * Forward pass of the loaded batch up to the logits (also copied into {@code b.zf}).
	 *
	 * @param masks one dropout mask per dropout module (training), or null (inference: no dropout)
	 */
	public void forward(Batch b, List<INDArray> masks) {
		forward(b, masks, modules.size() - 1);
		Ops.get(b.logits(), b.zf);
	}

	/** Whether {@link #forwardRows} applies: a first dense layer on the CPU. */
	public boolean readsRowsInPlace() {
		return HOST_BUFFERS && modules.get(0) instanceof DenseModule;
	}

	/**
	 * Inference on images {@code from..from+b.n} of a dense c-order float array [N, pixels], read in place by the
	 * first (dense) layer: measured on the MLP, staging the rows through Java arrays cost more than its products.
	 */
	public void forwardRows(Batch b, INDArray images, int from) {
		Module first = modules.get(0);
		first.forward(b.n, images.get(NDArrayIndex.interval(from, from + b.n), NDArrayIndex.all()), b.out[0], null);
		for (int m = 1; m < modules.size(); m++)
			forwardModule(b, null, m);
		Ops.get(b.logits(), b.zf);
	}

	/** Forward pass up to and including module {@code last}. */
	public void forward(Batch b, List<INDArray> masks, int last) {
		for (int m = 0; m <= last; m++)
			forwardModule(b, masks, m);
	}

	/** Forward pass of module m alone (its input computed already). */
	public void forwardModule(Batch b, List<INDArray> masks, int m) {
		Module mod = modules.get(m);
		INDArray mask = masks != null && mod instanceof DropoutModule ? masks.get(dropouts.indexOf(mod)) : null;
		mod.forward(b.n, b.input(mod), b.out[m], mask);
	}

	/**
	 * Backward pass from module {@code start}, whose output gradient {@code b.d[start]} the caller has set.
	 *
	 * @param params compute the parameter gradients into {@link #grad}
	 * @param inputGrad if non-null, receives d/d(input) [n * pixels]
	 */
	public void backward(Batch b, List<INDArray> masks, int start, boolean params, float[] inputGrad) {
		for (int m = start; m >= 0; m--) {
			// stop where nothing below needs a gradient
			boolean below = m > 0 && (inputGrad != null || (params && hasParamsBelow(m)));
			backwardModule(b, masks, m, params, below || inputGrad != null);
			if (m > 0 && !below)
				return;
		}
		if (inputGrad != null)
			Ops.get(b.dx, inputGrad);
	}

	/**
	 * Backward pass of module m alone, from its output gradient {@code b.d[m]}.
	 *
	 * @param params compute its parameter gradients into {@link #grad}
	 * @param inputGrad compute the gradient with respect to its input (into {@code b.d[m - 1]}, or for the first
	 *            module {@code b.dx})
	 */
	public void backwardModule(Batch b, List<INDArray> masks, int m, boolean params, boolean inputGrad) {
		Module mod = modules.get(m);
		INDArray mask = masks != null && mod instanceof DropoutModule ? masks.get(dropouts.indexOf(mod)) : null;
		INDArray dIn = null;
		if (inputGrad && m > 0)
			dIn = b.d[m - 1];
		else if (inputGrad) {
			if (b.dx == null)
				b.dx = Nd4j.create(DataType.FLOAT, b.n, pixels);
			dIn = b.dx;
		}
		mod.backward(b.n, b.input(mod), b.out[m], b.d[m], dIn, mask, params);
	}

	/** Backward pass of the whole network from {@code b.d} of the logits. */
	public void backward(Batch b, List<INDArray> masks, boolean params, float[] inputGrad) {
		backward(b, masks, modules.size() - 1, params, inputGrad);
	}

	private boolean hasParamsBelow(int m) {
		for (int i = 0; i < m; i++)
			if (modules.get(i) instanceof Module.Unit)
				return true;
		return false;
	}

	/** The index of the largest of v[at..at+n-1], relative to at (the first on a tie): a row's predicted class. */
	public static int argmax(float[] v, int at, int n) {
		int best = 0;
		for (int c = 1; c < n; c++)
			if (v[at + c] > v[at + best])
				best = c;
		return best;
	}

	/** Log-softmax of row k of the logits z [n, classes] into lp[0..classes-1] (max-shifted, as Network.logSoftmax). */
	public static void logSoftmax(float[] z, int k, int classes, float[] lp) {
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
	 * d log softmax(z)_t / dz = onehot(t) - softmax(z) into seed[at..]. 1 - p_t is summed from the other classes'
	 * probabilities: computed as 1 - exp(lp_t), a confident image (p_t = 1 - 1e-6) lost most of its digits in float
	 * (measured: the MLP's gradients 5e-5 off PyTorch's float64 autograd that way, 2e-6 this way).
	 */
	public static void logSoftmaxSeed(float[] lp, int t, float[] seed, int at) {
		int classes = lp.length;
		double rest = 0;
		for (int c = 0; c < classes; c++)
			if (c != t) {
				double p = Math.exp(lp[c]);
				seed[at + c] = (float) -p;
				rest += p;
			}
		seed[at + t] = (float) rest;
	}

	/**
	 * Mean NLL of the labels after {@link #forward}, and its gradient with respect to the logits into the last
	 * module's output gradient: (softmax - onehot) / n.
	 */
	public double lossAndSeed(Batch b, int[] labels, int[] idx) {
		return lossAndSeed(b, labels, idx, null);
	}

	/**
	 * {@link #lossAndSeed(Batch, int[], int[])} with per-class weights w (null: none), as PyTorch's
	 * {@code CrossEntropyLoss(weight=w)}: sum of w[y] * nll divided by the sum of w[y]. Without weights the arithmetic
	 * is the unweighted mean's, to the bit (w = 1 and a sum of n).
	 */
	public double lossAndSeed(Batch b, int[] labels, int[] idx, float[] classWeights) {
		float[] lp = new float[classes];
		double loss = 0, total = b.n;
		if (classWeights != null) {
			total = 0;
			for (int k = 0; k < b.n; k++)
				total += classWeights[labels[idx[k]]];
		}
		float norm = (float) total;
		for (int k = 0; k < b.n; k++) {
			logSoftmax(b.zf, k, classes, lp);
			int y = labels[idx[k]];
			float w = classWeights == null ? 1f : classWeights[y];
			loss -= w * lp[y];
			for (int c = 0; c < classes; c++)
				b.dzf[k * classes + c] = w * ((float) Math.exp(lp[c]) - (c == y ? 1f : 0f)) / norm;
		}
		Ops.put(b.d[modules.size() - 1], b.dzf);
		return loss / total;
	}
}
