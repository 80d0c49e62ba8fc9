package cnnsandbox.deblur;

import cnnsandbox.training.Optimizer;

/** One optimiser update x <- x - (step computed from the descent direction), with its own state. */
interface StepRule {
	void step(double[] x, double[] direction);

	static StepRule create(DeblurSettings s, int n) {
		return s.optimizer == Optimizer.ADAM ? new AdamStep(s.learningRate, n) : new MomentumStep(s.learningRate, s.momentum, n);
	}
}
