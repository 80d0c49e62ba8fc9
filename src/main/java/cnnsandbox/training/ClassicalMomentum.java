package cnnsandbox.training;

import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * SGD with classical (heavy-ball) momentum exactly as PyTorch's {@code optim.SGD(lr, momentum)}:
 * {@code v = mu*v + g; w -= lr*v} (v starts at zero; PyTorch starts it at the first gradient, which is the same
 * thing). ND4J's {@code Nesterovs} is Nesterov momentum, a different update.
 * <p>
 * As every ND4J updater, {@link GradientUpdater#applyUpdater} turns the gradient in place into the step that the
 * caller subtracts from the parameters.
 */
public final class ClassicalMomentum extends ConstantRateUpdater {

	private static final long serialVersionUID = 1L;

	private final double momentum;

	public ClassicalMomentum(double learningRate, double momentum) {
		super(learningRate);
		this.momentum = momentum;
	}

	public double getMomentum() {
		return momentum;
	}

	@Override
	public long stateSize(long numParams) {
		return momentum == 0 ? 0 : numParams;
	}

	@Override
	public GradientUpdater<ClassicalMomentum> instantiate(INDArray viewArray, boolean initializeViewArray) {
		Updater u = new Updater(this);
		u.setStateViewArray(viewArray, viewArray == null ? null : viewArray.shape(), 'c', initializeViewArray);
		return u;
	}

	@Override
	public GradientUpdater<ClassicalMomentum> instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
		Updater u = new Updater(this);
		u.setState(updaterState, initializeStateArrays);
		return u;
	}

	@Override
	public ClassicalMomentum clone() {
		return new ClassicalMomentum(learningRate, momentum);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof ClassicalMomentum && ((ClassicalMomentum) o).learningRate == learningRate
			&& ((ClassicalMomentum) o).momentum == momentum;
	}

	@Override
	public int hashCode() {
		return Double.hashCode(learningRate) * 31 + Double.hashCode(momentum);
	}

	@Override
	public String toString() {
		return "ClassicalMomentum(lr=" + learningRate + ", momentum=" + momentum + ")";
	}

	static final class Updater implements GradientUpdater<ClassicalMomentum> {
		private final ClassicalMomentum config;
		private INDArray velocity;

		Updater(ClassicalMomentum config) {
			this.config = config;
		}

		@Override
		public ClassicalMomentum getConfig() {
			return config;
		}

		@Override
		public void setState(Map<String, INDArray> state, boolean initialize) {
			velocity = state == null ? null : state.get("V");
			if (velocity != null && initialize)
				velocity.assign(0);
		}

		@Override
		public Map<String, INDArray> getState() {
			return velocity == null ? Collections.emptyMap() : Collections.singletonMap("V", velocity);
		}

		@Override
		public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
			if (config.momentum == 0) {
				velocity = null;
				return;
			}
			if (viewArray == null)
				throw new IllegalArgumentException("ClassicalMomentum needs a state array");
			velocity = viewArray.reshape(order, gradientShape);
			if (initialize)
				velocity.assign(0);
		}

		/** gradient := lr * (v = mu*v + gradient). */
		@Override
		public void applyUpdater(INDArray gradient, int iteration, int epoch) {
			double lr = config.getLearningRate(iteration, epoch);
			if (velocity == null) {
				gradient.muli(lr);
				return;
			}
			velocity.muli(config.momentum).addi(gradient);
			velocity.mul(lr, gradient);
		}

		/**
		 * {@link #applyUpdater} and {@code weights -= gradient} in one Java pass over host copies, bit for bit the same
		 * (the same float operations in the same order; ParameterStepTest checks it): 4 ND4J ops over the MLP's 79,510
		 * parameters took ~150-180 us per batch, the pass ~90 us (one thread, measured on the loaded 2-core machine).
		 * False, with nothing done, where it does not apply (no momentum, or arrays Java cannot read in place).
		 */
		boolean stepInPlace(INDArray weights, INDArray gradient, int iteration, int epoch) {
			if (velocity == null || !cnnsandbox.engine.Engine.HOST_BUFFERS || !plain(weights) || !plain(gradient)
				|| !plain(velocity) || weights.length() != gradient.length() || velocity.length() != gradient.length()
				|| gradient.length() > Integer.MAX_VALUE)
				return false;
			int n = (int) gradient.length();
			if (v == null || v.length != n) {
				v = new float[n];
				g = new float[n];
				w = new float[n];
			}
			FloatBuffer vb = buffer(velocity), gb = buffer(gradient), wb = buffer(weights);
			vb.get(v);
			gb.get(g);
			wb.get(w);
			// ND4J's scalar ops on float arrays take the scalar as a float
			float mu = (float) config.momentum, lr = (float) config.getLearningRate(iteration, epoch);
			for (int i = 0; i < n; i++) {
				float vi = v[i] * mu + g[i];
				v[i] = vi;
				float step = vi * lr;
				g[i] = step;
				w[i] -= step;
			}
			buffer(velocity).put(v);
			buffer(gradient).put(g);
			buffer(weights).put(w);
			return true;
		}

		private float[] v, g, w;

		/** A float array that is its whole buffer, in order (the flat parameters, gradients and state are). */
		private static boolean plain(INDArray a) {
			return a.dataType() == DataType.FLOAT && a.offset() == 0 && a.data().length() == a.length()
				&& cnnsandbox.engine.Ops.isContiguousC(a);
		}

		private static FloatBuffer buffer(INDArray a) {
			FloatBuffer b = a.data().asNioFloat();
			b.position(0);
			return b;
		}
	}
}
