package cnnsandbox.training;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The learning-rate half of our ND4J updater configurations: one fixed rate, no schedule, as the workshop's
 * PyTorch optimisers use it.
 */
abstract class ConstantRateUpdater implements IUpdater {

	private static final long serialVersionUID = 1L;

	protected double learningRate;

	ConstantRateUpdater(double learningRate) {
		this.learningRate = learningRate;
	}

	@Override
	public abstract IUpdater clone();

	@Override
	public double getLearningRate(int iteration, int epoch) {
		return learningRate;
	}

	@Override
	public boolean hasLearningRate() {
		return true;
	}

	@Override
	public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
		if (lrSchedule != null) throw new UnsupportedOperationException(getClass().getSimpleName() + " has no learning-rate schedules");
		this.learningRate = lr;
	}
}
