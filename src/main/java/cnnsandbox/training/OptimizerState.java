package cnnsandbox.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Where a training run stopped, saved in the model file so that a run started from it continues exactly: the
 * optimiser's state (SGD's velocity V; Adam's moments M and V and its step count), the updates done so far and the
 * epochs done so far (the batch order and dropout streams are replayed that far; see {@link RandomStreams}).
 * Each array has one value per parameter, in the order of the layer list's parameters.
 */
public final class OptimizerState {

	public final Optimizer optimizer;
	/** "V" (SGD with momentum), or "M" and "V" (Adam); none for SGD without momentum. */
	public final Map<String, INDArray> arrays;
	/** Updates (batches) done, over every run that led to these weights. */
	public final long iterations;
	/** Epochs done, over every run that led to these weights. */
	public final int epochs;

	public OptimizerState(Optimizer optimizer, Map<String, INDArray> arrays, long iterations, int epochs) {
		this.optimizer = optimizer;
		this.arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
		this.iterations = iterations;
		this.epochs = epochs;
	}

	/** A copy of {@code updater}'s state. */
	static OptimizerState of(Optimizer optimizer, GradientUpdater<?> updater, long iterations, int epochs) {
		Map<String, INDArray> copies = new LinkedHashMap<>();
		updater.getState().entrySet().stream().sorted(Map.Entry.comparingByKey())
			.forEach(e -> copies.put(e.getKey(), e.getValue().dup('c').reshape(e.getValue().length())));
		return new OptimizerState(optimizer, copies, iterations, epochs);
	}

	/**
	 * Null if this state fits {@code updater} (of {@code optimizer}, over {@code parameters} values) and was put in
	 * it; else why not, in words ("it was saved by SGD").
	 */
	String restoreInto(Optimizer optimizer, GradientUpdater<?> updater, long parameters) {
		if (optimizer != this.optimizer)
			return "it was saved by optimizer=" + this.optimizer.label() + ", this run uses " + optimizer.label();
		Map<String, INDArray> target = updater.getState();
		if (!target.keySet().equals(arrays.keySet()))
			return "its state " + arrays.keySet() + " does not fit this optimizer's " + target.keySet() + " (momentum 0 and not 0?)";
		for (Map.Entry<String, INDArray> e : arrays.entrySet())
			if (e.getValue().length() != parameters || target.get(e.getKey()).length() != parameters)
				return "its state has " + e.getValue().length() + " values per array, the network " + parameters;
		for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
			INDArray t = target.get(e.getKey());
			t.assign(e.getValue().reshape(t.shape()));
		}
		if (updater instanceof TorchAdam.Updater)
			((TorchAdam.Updater) updater).setSteps(Math.toIntExact(iterations));
		return null;
	}
}
