package cnnsandbox.outputs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import ij.measure.ResultsTable;

class ClassificationOutputsTest {

	static final List<String> NAMES = List.of("Trouser", "Ankle boot", "Bag");

	@Test
	void probabilitiesAreInPercentWithTwoDecimals() {
		float[] p = { 0.9731f, 0.0268f, 0.0001059f, 0.2f, 0.3f, 0.5f };
		ResultsTable t = ClassificationOutputs.table(p, NAMES, new boolean[2], 2);
		assertEquals(97.31, t.getValue("confidence", 0), 1e-9);
		assertEquals(0.01, t.getValue("Bag", 0), 1e-9, "1.059E-4 is 0.01 %, not a number in another notation");
		assertEquals("Trouser (97.3 %); Ankle boot (2.7 %)", t.getStringValue("top_2", 0));
		assertEquals("Bag", t.getStringValue("label", 1));
	}

	@Test
	void sliceLabelsThatNameAClassGiveTrueLabelsAndAnAccuracy() {
		float[] p = { 0.9f, 0.05f, 0.05f, 0.9f, 0.05f, 0.05f, 0.1f, 0.1f, 0.8f };
		ResultsTable t = ClassificationOutputs.table(p, NAMES, new boolean[3], 1);
		int[] right = ClassificationOutputs.addTrueLabels(t, Arrays.asList("#0 Trouser", "#1 ankle boot", "my photo"), NAMES);
		assertArrayEquals(new int[] { 1, 2 }, right, "2 labelled slices, 1 classified as labelled");
		assertEquals("Ankle boot", t.getStringValue("true_label", 1));
		assertEquals("no", t.getStringValue("correct", 1));
		assertEquals("", t.getStringValue("true_label", 2).trim());
		ResultsTable none = ClassificationOutputs.table(p, NAMES, new boolean[3], 1);
		assertArrayEquals(new int[] { 0, 0 }, ClassificationOutputs.addTrueLabels(none, Arrays.asList("a", null, "c"), NAMES));
		assertEquals(ResultsTable.COLUMN_NOT_FOUND, none.getColumnIndex("true_label"), "no column when no label names a class");
	}
}
