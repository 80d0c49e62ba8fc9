package cnnsandbox.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

	@Test
	void recallAndBalancedAccuracyAsScikitLearn() {
		// 8 of class 0 (all right), 2 of class 1 (none right), no example of class 2
		int[] labels = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1 }, predicted = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
		ConfusionMatrix m = ConfusionMatrix.of(3, labels, predicted);
		assertEquals(0.8, m.accuracy(), 1e-12);
		assertEquals(1.0, m.recall(0), 1e-12);
		assertEquals(0.0, m.recall(1), 1e-12);
		assertTrue(Double.isNaN(m.recall(2)), "no example: no recall");
		// sklearn.metrics.balanced_accuracy_score(labels, predicted) = 0.5: the classes present, equally weighted
		assertEquals(0.5, m.balancedAccuracy(), 1e-12);
		assertTrue(Double.isNaN(new ConfusionMatrix(3).balancedAccuracy()));
	}
}
