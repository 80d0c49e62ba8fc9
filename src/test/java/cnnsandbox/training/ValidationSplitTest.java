package cnnsandbox.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import cnnsandbox.data.LabeledImages;

class ValidationSplitTest {

	/** 3 classes of 10, 20 and 40 images; image i's pixel is i, so the parts can be traced back. */
	static LabeledImages images() {
		int n = 70;
		float[] px = new float[n];
		int[] labels = new int[n];
		for (int i = 0; i < n; i++) {
			px[i] = i;
			labels[i] = i < 10 ? 0 : i < 30 ? 1 : 2;
		}
		return new LabeledImages(1, 1, px, labels);
	}

	@Test
	void holdsOutEachClassSeededAndDisjoint() {
		LabeledImages all = images();
		ValidationSplit a = ValidationSplit.of(all, 0.1, 1);
		int[] perClass = new int[3];
		for (int l : a.validation.labels) perClass[l]++;
		assertEquals(java.util.List.of(1, 2, 4), java.util.List.of(perClass[0], perClass[1], perClass[2]), "stratified");
		Set<Float> seen = new TreeSet<>();
		for (float v : a.train.pixels) seen.add(v);
		for (float v : a.validation.pixels) seen.add(v);
		assertEquals(70, seen.size(), "every image once, in one part");
		assertEquals(63, a.train.n);
		assertEquals(ids(a), ids(ValidationSplit.of(all, 0.1, 1)), "same seed, same split");
		assertNotEquals(ids(a), ids(ValidationSplit.of(all, 0.1, 2)));
		ValidationSplit none = ValidationSplit.of(all, 0, 1);
		assertSame(all, none.train);
		assertNull(none.validation);
	}

	static Set<Float> ids(ValidationSplit s) {
		Set<Float> ids = new TreeSet<>();
		for (float v : s.validation.pixels) ids.add(v);
		return ids;
	}
}
