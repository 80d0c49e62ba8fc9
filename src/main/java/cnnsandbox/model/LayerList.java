package cnnsandbox.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cnnsandbox.engine.NetworkPlan;
import cnnsandbox.engine.PlannedLayer;
import cnnsandbox.engine.Shape;

/**
 * A checked network: its layers ({@link LayerSpec}), its input (channels x rows x cols: one channel for grey images,
 * three for colour, C for a C-channel hyperstack) and its classes,
 * with the shape after every layer computed. The public description of a model that every command (and an
 * exporter) walks: {@link #specs()}, {@link #outputShape(int)}, {@link #name(int)}, {@link #paramShapes()}.
 * <p>
 * Names: conv layers are {@code conv1, conv2...} and dense layers {@code fc1, fc2...} in order (the workshop's
 * names); their parameters are {@code <name>_W} and {@code <name>_b}. Other layers are named by their word.
 */
public final class LayerList implements NetworkPlan {


	/** At most this many parameters (memory: weights, gradients and optimiser state are 4 floats each). */
	static final long MAX_PARAMETERS = 100_000_000L;
	/** At most this many input channels (a hyperstack's channels, not its slices: ImageJ's own limit is far lower in practice). */
	public static final int MAX_CHANNELS = 64;

	private final List<LayerSpec> specs;
	private final int channels, rows, cols, classes;
	private final List<Shape> shapes = new ArrayList<>();
	private final List<String> names = new ArrayList<>();
	private final Map<String, long[]> paramShapes = new LinkedHashMap<>();

	private LayerList(List<LayerSpec> specs, int channels, int rows, int cols, int classes) {
		this.specs = List.copyOf(specs);
		this.channels = channels;
		this.rows = rows;
		this.cols = cols;
		this.classes = classes;
	}

	/**
	 * Checks {@code specs} on inputs of rows x cols for {@code classes} classes, layer by layer.
	 *
	 * @throws IllegalArgumentException one line starting with {@code layers:} that names the layer, e.g.
	 *             {@code layers: 'maxpool 3' (layer 3) needs a size divisible by 3, got 28 x 28}
	 */
	public static LayerList of(List<LayerSpec> specs, int rows, int cols, int classes) {
		return of(specs, 1, rows, cols, classes);
	}

	/** {@link #of(List, int, int, int)} on inputs of {@code channels} channels: the first conv or dense layer takes them all. */
	public static LayerList of(List<LayerSpec> specs, int channels, int rows, int cols, int classes) {
		if (channels < 1 || channels > MAX_CHANNELS)
			throw new IllegalArgumentException("the input must have 1 to " + MAX_CHANNELS + " channels, got " + channels);
		if (rows < 1 || cols < 1)
			throw new IllegalArgumentException("input size must be at least 1 x 1, got " + rows + " x " + cols);
		if (classes < 2)
			throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
		if (specs.isEmpty())
			throw new IllegalArgumentException("layers: the list is empty; give layers such as [conv 32 3, relu, maxpool 2, dense 10]");
		LayerList l = new LayerList(specs, channels, rows, cols, classes);
		Shape s = l.inputShape();
		Map<LayerKind, Integer> counts = new java.util.EnumMap<>(LayerKind.class);
		long params = 0;
		for (int i = 0; i < specs.size(); i++) {
			LayerSpec spec = specs.get(i);
			String where = "'" + spec + "' (layer " + (i + 1) + ")";
			Shape out = spec.kind.outputShape(spec, s, where);
			String name = spec.kind.word;
			if (spec.hasParameters()) {
				name = spec.kind.namePrefix + counts.merge(spec.kind, 1, Integer::sum);
				long[][] p = spec.kind.parameterShapes(spec, s);
				for (int k = 0; k < p.length; k++) {
					l.paramShapes.put(name + (k == 0 ? "_W" : "_b"), p[k]);
					long n = 1;
					for (long d : p[k])
						n *= d;
					params += n;
				}
			}
			l.names.add(name);
			if (params > MAX_PARAMETERS)
				throw new IllegalArgumentException("layers: " + where + " brings the network to " + params
					+ " parameters; at most " + MAX_PARAMETERS + " fit in memory: use fewer units or pool first");
			s = out;
			l.shapes.add(s);
		}
		LayerSpec last = specs.get(specs.size() - 1);
		if (last.kind != LayerKind.DENSE || last.units != classes)
			throw new IllegalArgumentException("layers: the list must end with 'dense " + classes + "' (one score per class, "
				+ classes + " classes; the log-softmax is implied), but it ends with '" + last + "' (layer " + specs.size() + ")");
		return l;
	}

	/** {@link LayerSpec#parseList} then {@link #of}. */
	public static LayerList parse(String text, int rows, int cols, int classes) {
		return of(LayerSpec.parseList(text), rows, cols, classes);
	}

	/**
	 * The workshop's networks as layer lists: MLP = TwoFullNet(hidden) = {@code dense hidden, relu, dense classes};
	 * CNN = FashionSimpleNet = {@code conv 32 3, relu, maxpool 2, conv 64 3, relu, maxpool 2, dropout 0.5, dense 128,
	 * relu, dense classes}.
	 */
	public static List<LayerSpec> preset(Architecture arch, int hidden, int classes) {
		switch (arch) {
		case MLP:
			return List.of(LayerSpec.dense(hidden), LayerSpec.of(LayerKind.RELU), LayerSpec.dense(classes));
		case CNN:
			return List.of(LayerSpec.conv(32, 3), LayerSpec.of(LayerKind.RELU), LayerSpec.maxpool(2), LayerSpec.conv(64, 3),
				LayerSpec.of(LayerKind.RELU), LayerSpec.maxpool(2), LayerSpec.dropout(0.5), LayerSpec.dense(128),
				LayerSpec.of(LayerKind.RELU), LayerSpec.dense(classes));
		default:
			throw new IllegalArgumentException(arch + " is not a preset: give its layers");
		}
	}

	public List<LayerSpec> specs() {
		return specs;
	}

	@Override
	public int size() {
		return specs.size();
	}

	public LayerSpec spec(int i) {
		return specs.get(i);
	}

	@Override
	public PlannedLayer layer(int i) {
		return specs.get(i);
	}

	/** Input channels: 1 for grey images. */
	@Override
	public int inputChannels() {
		return channels;
	}

	@Override
	public int inputRows() {
		return rows;
	}

	@Override
	public int inputCols() {
		return cols;
	}

	@Override
	public int classes() {
		return classes;
	}

	public Shape inputShape() {
		return new Shape(channels, rows, cols, false);
	}

	/** The shape of layer i's output (0-based). */
	@Override
	public Shape outputShape(int i) {
		return shapes.get(i);
	}

	/** The shape of layer i's input. */
	@Override
	public Shape inputShape(int i) {
		return i == 0 ? inputShape() : shapes.get(i - 1);
	}

	/** conv1, conv2, fc1... for layers with parameters, else the layer's word (relu, maxpool...). */
	@Override
	public String name(int i) {
		return names.get(i);
	}

	/** Parameter names and shapes in initialisation order (layer by layer, weights then bias). */
	public Map<String, long[]> paramShapes() {
		return Collections.unmodifiableMap(paramShapes);
	}

	/** The names of the conv and dense layers, input side first: the layers whose units can be visualised. */
	public List<String> unitLayers() {
		List<String> out = new ArrayList<>();
		for (int i = 0; i < specs.size(); i++)
			if (specs.get(i).hasParameters())
				out.add(names.get(i));
		return out;
	}

	/** The index of a conv or dense layer by name, or -1. */
	public int indexOf(String name) {
		for (int i = 0; i < specs.size(); i++)
			if (specs.get(i).hasParameters() && names.get(i).equals(name))
				return i;
		return -1;
	}

	/** Units of a dense layer, channels of a conv layer. */
	public int units(String name) {
		int i = indexOf(name);
		if (i < 0)
			throw new IllegalArgumentException("layer '" + name + "' is not in this model; layers: " + String.join(", ", unitLayers()));
		return specs.get(i).units;
	}

	/**
	 * Multiply-adds per image of the network's largest product (a conv or dense layer's): what decides whether a
	 * batch is worth splitting over threads ({@link cnnsandbox.backend.Threads#forBatch}).
	 */
	@Override
	public long largestProduct() {
		long max = 0;
		for (int i = 0; i < specs.size(); i++)
			max = Math.max(max, multiplyAdds(i));
		return max;
	}

	/** Multiply-adds per image of layer i's conv or dense product (0 for a layer without one): the benchmarks' FLOPs. */
	public long multiplyAdds(int i) {
		return specs.get(i).kind.multiplyAdds(specs.get(i), inputShape(i), outputShape(i));
	}

	/**
	 * Bytes of the arrays a pass over {@code batch} images holds: the input and every layer's output, and each
	 * layer's scratch ({@link LayerKind#scratchFloats}: a convolution's im2col columns); training doubles it for the gradients.
	 * Estimated before anything is allocated: parameter counts alone let [relu x 20000] or [conv 4096 31] through,
	 * to take 2.7 to 6 GB.
	 */
	public long activationBytes(long batch, boolean training) {
		long floats = inputShape().size();
		for (int i = 0; i < specs.size(); i++) {
			floats = cnnsandbox.files.MemoryBudget.plus(floats, outputShape(i).size());
			LayerSpec s = specs.get(i);
			floats = cnnsandbox.files.MemoryBudget.plus(floats, s.kind.scratchFloats(s, inputShape(i), outputShape(i)));
		}
		return cnnsandbox.files.MemoryBudget.times(floats, batch, 4, training ? 2 : 1);
	}

	/** The number of weights and biases. */
	public long parameterCount() {
		long n = 0;
		for (long[] shape : paramShapes.values())
			n = cnnsandbox.files.MemoryBudget.plus(n, cnnsandbox.files.MemoryBudget.times(shape));
		return n;
	}

	/** The number of weights and biases of layers 0..{@code last}: the first values of the layer-by-layer parameters. */
	public long parameterCount(int last) {
		long n = 0;
		for (int i = 0; i <= last; i++)
			for (Map.Entry<String, long[]> e : paramShapes.entrySet())
				if (e.getKey().startsWith(name(i) + "_"))
					n = cnnsandbox.files.MemoryBudget.plus(n, cnnsandbox.files.MemoryBudget.times(e.getValue()));
		return n;
	}

	/** Whether any layer is a convolution (the engine's batch size and thread policy differ). */
	@Override
	public boolean hasConv() {
		for (LayerSpec s : specs)
			if (s.kind == LayerKind.CONV)
				return true;
		return false;
	}

	/** The list as written: {@code conv 32 3, relu, ...}. */
	public String text() {
		return LayerSpec.toText(specs);
	}

	@Override
	public String toString() {
		return "[" + text() + "] on " + (channels > 1 ? channels + " channels of " : "") + rows + " x " + cols + ", " + classes + " classes";
	}
}
