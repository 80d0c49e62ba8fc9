package cnnsandbox.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/** The fused SGD-with-momentum step gives the same weights, bit for bit, as the updater's ND4J ops and subi. */
class ParameterStepTest {

	@Test
	void momentumStepIsBitIdenticalToTheNd4jOps() {
		Nd4j.getRandom().setSeed(7);
		int n = 79_510; // the MLP's parameters
		INDArray w1 = Nd4j.rand(DataType.FLOAT, n).subi(0.5), w2 = w1.dup();
		GradientUpdater<?> u1 = Optimizer.SGD.updater(0.01, 0.5, w1.shape()), u2 = Optimizer.SGD.updater(0.01, 0.5, w2.shape());
		for (int step = 0; step < 5; step++) {
			INDArray g = Nd4j.rand(DataType.FLOAT, n).subi(0.5).muli(3), g1 = g.dup(), g2 = g.dup();
			u1.applyUpdater(g1, step, 0);
			w1.subi(g1);
			assertTrue(((ClassicalMomentum.Updater) u2).stepInPlace(w2, g2, step, 0), "the fused path applies to flat arrays");
			assertArrayEquals(w1.toFloatVector(), w2.toFloatVector(), 0f, "weights after step " + step);
			assertArrayEquals(g1.toFloatVector(), g2.toFloatVector(), 0f, "step " + step);
		}
	}

	@Test
	void otherUpdatersKeepTheirOps() {
		INDArray w1 = Nd4j.rand(DataType.FLOAT, 100), w2 = w1.dup(), g = Nd4j.rand(DataType.FLOAT, 100);
		GradientUpdater<?> u1 = Optimizer.ADAM.updater(0.001, 0, w1.shape()), u2 = Optimizer.ADAM.updater(0.001, 0, w2.shape());
		INDArray g1 = g.dup();
		u1.applyUpdater(g1, 0, 0);
		w1.subi(g1);
		ParameterStep.apply(u2, w2, g.dup(), 0, 0);
		assertArrayEquals(w1.toFloatVector(), w2.toFloatVector(), 0f);
	}
}
