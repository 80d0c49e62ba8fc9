package cnnsandbox.training;

import java.util.Collections;
import java.util.Map;

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
	}
}
