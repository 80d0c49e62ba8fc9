package cnnsandbox.options;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class WordListTest {

	@Test
	void splitsItemsAndWordsAsTheListKeysWriteThem() {
		assertEquals(List.of("conv 32 3", "relu", "Shift  2"), WordList.items("layers", "layer", " [conv 32 3 , relu,Shift  2] "));
		assertEquals(List.of(), WordList.items("augment", "step", "[ ]"));
		assertEquals(List.of(), WordList.items("augment", "step", null));
		assertArrayEquals(new String[] { "shift", "2" }, WordList.words(" Shift  2 "));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WordList.items("augment", "step", "flip_h, ,shift 2"));
		assertEquals("augment: step 2 is empty (two commas in a row?)", e.getMessage());
		assertEquals("'" + "x".repeat(60) + "...' (layer 3)", WordList.where("x".repeat(200), "layer", 3));
	}
}
