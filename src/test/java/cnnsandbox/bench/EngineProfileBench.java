package cnnsandbox.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.engine.DropoutModule;
import cnnsandbox.engine.Engine;
import cnnsandbox.engine.FlatParameters;
import cnnsandbox.engine.Module;
import cnnsandbox.engine.Ops;
import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.Network;
import cnnsandbox.options.Options;
import cnnsandbox.training.Optimizer;
import cnnsandbox.training.Trainer;

/**
 * Where a training batch's time goes, step by step: the loaded batch (a first conv's im2col included), the dropout
 * masks, each module's forward and backward pass (as the engine planned them: fused and layout-changing modules
 * included), the loss, the update. The same steps as {@link Trainer}'s loop, each timed on its own with the training
 * thread count, on Fashion-MNIST batches in order; medians and means over the batches after the first round (JIT
 * warm-up), each product's GFLOP/s and share of a GEMM peak measured in the same run ({@link GemmPeak}) beside it.
 * Diagnostic: TrainBench puts the whole epoch beside PyTorch.
 * <p>
 * Usage: {@code EngineProfileBench [model=cnn|mlp] [layers="conv 16 5, relu, ..."] [batch_size=250] [batches=24]
 * [rounds=4] [optimizer=SGD]}.
 */
public final class EngineProfileBench {

	private EngineProfileBench() {}

	public static void main(String[] args) throws Exception {
		cnnsandbox.backend.NativeBinary.select(); // before ND4J loads its natives
		BenchArgs given = new BenchArgs(args, "model", "layers", "batch_size", "batches", "rounds", "optimizer");
		// SGD by default, as TrainBench
		String model = given.text("model", "cnn"), layers = given.text("layers", null), optimizer = given.text("optimizer", "SGD");
		int batchSize = given.integer("batch_size", 250), batches = given.integer("batches", 24), rounds = given.integer("rounds", 4);
		LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, batches * batchSize);
		LayerList net = layers != null ? LayerList.parse(layers, train.rows, train.cols, train.classes())
			: LayerList.of(LayerList.preset(Options.choice("model", model, Architecture.class), 100, train.classes()), train.rows,
				train.cols, train.classes());
		System.out.println("layers: " + net.text() + "; batch " + batchSize + ", " + optimizer);
		GemmPeak peak = GemmPeak.measure();
		System.out.println("on " + Trainer.backendFor(net, batchSize));

		FlatParameters weights = FlatParameters.copyOf(Network.initParams(net, 1));
		Engine engine = new Engine(net, weights.views);
		// the rate and momentum do not change the time of a step
		GradientUpdater<?> updater = Options.choice("optimizer", optimizer, Optimizer.class).updater(0.001, 0.5, weights.flat.shape());
		List<String> steps = new ArrayList<>(List.of("load (and im2col)", "dropout masks"));
		int modules = engine.modules.size();
		for (Module m : engine.modules)
			steps.add("forward  " + m.index + " " + m.getClass().getSimpleName());
		steps.add("logits, loss and its gradient");
		for (int m = modules - 1; m >= 0; m--)
			steps.add("backward " + m + " " + engine.modules.get(m).getClass().getSimpleName());
		steps.add("update");
		double[] flops = new double[steps.size()]; // of each step's products, per batch
		boolean first = true;
		for (int i = 0; i < net.size(); i++) {
			long macs = net.multiplyAdds(i);
			if (macs == 0 || engine.moduleOf(i) < 0)
				continue;
			int m = engine.moduleOf(i);
			flops[2 + m] = 2.0 * macs * batchSize;
			flops[2 + modules + 1 + (modules - 1 - m)] = (first ? 2.0 : 4.0) * macs * batchSize;
			first = false;
		}
		long[][] ns = new long[steps.size()][batches * rounds];
		List<INDArray> masks = new ArrayList<>();
		for (DropoutModule d : engine.dropouts)
			masks.add(Nd4j.create(DataType.FLOAT, batchSize, (int) d.features));
		float[] maskValues = new float[masks.stream().mapToInt(m -> (int) m.length()).max().orElse(0)];
		Random rng = new Random(1);
		int[] order = new int[train.n];
		Arrays.setAll(order, i -> i);
		int iteration = 0;
		for (int round = 0; round < rounds; round++)
			for (int b = 0; b < batches; b++, iteration++) {
				long[] t = { System.nanoTime() };
				int step = 0, k = iteration;
				int[] idx = Arrays.copyOfRange(order, b * batchSize, (b + 1) * batchSize);
				Engine.Batch batch = engine.batch(batchSize);
				batch.load(train.pixels, idx, 0);
				ns[step++][k] = lap(t);
				for (int i = 0; i < masks.size(); i++)
					Ops.put(masks.get(i), Trainer.dropoutValues(maskValues, (int) masks.get(i).length(), engine.dropouts.get(i).p, rng));
				ns[step++][k] = lap(t);
				for (int m = 0; m < modules; m++) {
					engine.forwardModule(batch, masks, m);
					ns[step++][k] = lap(t);
				}
				Ops.get(batch.logits(), batch.zf);
				engine.lossAndSeed(batch, train.labels, idx);
				ns[step++][k] = lap(t);
				for (int m = modules - 1; m >= 0; m--) {
					engine.backwardModule(batch, masks, m, true, m > 0);
					ns[step++][k] = lap(t);
				}
				updater.applyUpdater(engine.gradients.flat, iteration, 0);
				weights.flat.subi(engine.gradients.flat);
				ns[step++][k] = lap(t);
			}
		double total = 0;
		double[] means = new double[steps.size()];
		for (int i = 0; i < steps.size(); i++) {
			long[] v = Arrays.copyOfRange(ns[i], batches, ns[i].length); // the first round warms the JIT up
			means[i] = Arrays.stream(v).average().orElse(0) / 1e3;
			total += means[i];
		}
		System.out.println("step                               median us    mean us   share   products");
		for (int i = 0; i < steps.size(); i++) {
			long[] v = Arrays.copyOfRange(ns[i], batches, ns[i].length);
			Arrays.sort(v);
			System.out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %6.1f %%   %s%n", steps.get(i), v[v.length / 2] / 1e3, means[i], 100 * means[i] / total,
				flops[i] > 0 ? peak.percent(flops[i], means[i] / 1e6) : "");
		}
		System.out.printf(Locale.ROOT, "batch of %d: %.2f ms (sum of the means), %.2f s per epoch of 60,000; %s%n", batchSize, total / 1e3,
			total / 1e6 * 60_000 / batchSize, peak.percent(GemmPeak.trainingFlops(net) * batchSize, total / 1e6));
	}

	/** Nanoseconds since t[0], which moves to now. */
	private static long lap(long[] t) {
		long now = System.nanoTime(), d = now - t[0];
		t[0] = now;
		return d;
	}
}
