package cnnsandbox.model;

import cnnsandbox.engine.Shape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff graph of a {@link LayerList} and its PyTorch initialisation. Training, inference and input gradients
 * run on {@link Engine} (measured 5-15x faster); these graphs are the reference that EngineTest checks Engine's
 * values and gradients against, layer type by layer type.
 * <p>
 * Parameter layouts: conv weights [kH, kW, inC, outC] (ND4J's YXIO), conv bias [outC], dense weights [in, out]
 * (x·W), dense bias [out]. The outputs named after the conv and dense layers ({@code conv1}, {@code fc1}...) are
 * their pre-activation outputs, as a PyTorch forward hook on the module sees them; {@code logp} is the log-softmax.
 * Everything runs NCHW; the flatten order is (channel, row, column), as PyTorch's {@code view}.
 */
public final class Network {

	public static final String INPUT = "input", LABEL = "label", LOSS = "loss", LOGP = "logp";

	private Network() {}

	/** The placeholder of dropout layer k's mask (0 or 1/(1-p)), [n, features]. */
	public static String mask(int k) {
		return "dropmask" + k;
	}

	/**
	 * PyTorch's default initialisation of Conv2d and Linear (kaiming_uniform with a = sqrt(5)): weights and biases
	 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn from one {@link Random} seeded with {@code seed}, parameter after
	 * parameter in {@link LayerList#paramShapes()} order.
	 */
	public static Map<String, INDArray> initParams(LayerList net, long seed) {
		Random rng = new Random(seed);
		Map<String, long[]> shapes = net.paramShapes();
		Map<String, INDArray> params = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> e : shapes.entrySet()) {
			String layer = e.getKey().substring(0, e.getKey().indexOf('_'));
			long[] w = shapes.get(layer + "_W");
			long fanIn = w.length == 4 ? w[0] * w[1] * w[2] : w[0];
			double bound = 1 / Math.sqrt(fanIn);
			long n = 1;
			for (long d : e.getValue())
				n *= d;
			float[] values = new float[(int) n];
			for (int i = 0; i < values.length; i++)
				values[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
			params.put(e.getKey(), Nd4j.create(values, e.getValue(), 'c'));
		}
		return params;
	}

	/** Outputs of one forward pass. */
	public static final class Forward {
		/** Every layer's output, in order (conv and dense: pre-activation). */
		public final List<SDVariable> outputs = new java.util.ArrayList<>();
		/** conv1, fc1...: outputs by name. */
		public final Map<String, SDVariable> layers = new LinkedHashMap<>();
		/** The last dense layer's output. */
		public SDVariable logits;
	}

	/**
	 * The training loss of {@code images} [n,1,rows,cols] with one-hot {@code labels} [n,classes]: parameters and
	 * the images as variables (so that SameDiff gives the gradient with respect to both, as EngineTest checks), one
	 * mask placeholder per dropout layer; outputs {@code loss} (mean NLL) and {@code logp}. Built with SameDiff's array
	 * cache off: measured in M2.1, with it on, {@code output()} ignored in-place weight updates and a second call with
	 * new inputs returned wrong values.
	 */
	public static SameDiff trainingGraph(LayerList net, Map<String, INDArray> params, INDArray images, INDArray labels) {
		SameDiff sd = SameDiff.create();
		sd.setEnableCache(false);
		Map<String, SDVariable> p = new LinkedHashMap<>();
		for (Map.Entry<String, INDArray> e : params.entrySet())
			p.put(e.getKey(), sd.var(e.getKey(), e.getValue()));
		SDVariable input = sd.var(INPUT, images);
		SDVariable label = sd.constant(LABEL, labels);
		SDVariable logp = logSoftmax(sd, LOGP, forward(sd, net, input, p, true).logits);
		SDVariable loss = logp.mul(label).sum(1).mean(0).neg().rename(LOSS);
		sd.setLossVariables(loss);
		return sd;
	}

	/** The inference graph: parameters as constants, placeholder {@code input}; output {@code logp}; no dropout. */
	public static SameDiff inferenceGraph(LayerList net, Map<String, INDArray> params) {
		SameDiff sd = SameDiff.create();
		sd.setEnableCache(false);
		Map<String, SDVariable> p = new LinkedHashMap<>();
		for (Map.Entry<String, INDArray> e : params.entrySet())
			p.put(e.getKey(), sd.constant(e.getKey(), e.getValue()));
		SDVariable input = sd.placeHolder(INPUT, DataType.FLOAT, -1, net.inputChannels(), net.inputRows(), net.inputCols());
		logSoftmax(sd, LOGP, forward(sd, net, input, p, false).logits);
		return sd;
	}

	/**
	 * Forward pass up to the logits.
	 *
	 * @param masks multiply each dropout layer's input by its mask placeholder (training), else identity
	 */
	public static Forward forward(SameDiff sd, LayerList net, SDVariable input, Map<String, SDVariable> p, boolean masks) {
		Forward f = new Forward();
		SDVariable x = input;
		int dropouts = 0;
		for (int i = 0; i < net.size(); i++) {
			LayerSpec s = net.spec(i);
			Shape in = net.inputShape(i);
			String name = net.name(i);
			Map<String, SDVariable> q = p;
			if (s.kind.drawsMask()) {
				if (masks) {
					q = new LinkedHashMap<>(p);
					q.put(name, sd.placeHolder(mask(dropouts), DataType.FLOAT, -1, in.size()));
				}
				dropouts++;
			}
			x = s.kind.sameDiff(s, sd, x, in, name, q);
			if (s.hasParameters())
				f.layers.put(name, x);
			f.outputs.add(x);
		}
		f.logits = x;
		return f;
	}

	/**
	 * Log-softmax over dimension 1 of [n, classes] logits, written with elementary ops: in M2.1 the
	 * {@code log_softmax} op does not survive the graph cloning that SameDiff's gradient function does (its
	 * dimension property fails to serialise), so the gradient graph would compute a different function.
	 */
	public static SDVariable logSoftmax(SameDiff sd, String name, SDVariable logits) {
		SDVariable shifted = logits.sub(logits.max(true, 1));
		SDVariable lse = sd.math().log(sd.math().exp(shifted).sum(true, 1));
		return shifted.sub(name, lse);
	}
}
