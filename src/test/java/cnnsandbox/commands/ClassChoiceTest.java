package cnnsandbox.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClassChoiceTest {

	static final List<String> NAMES = List.of("cat", "dog", "T-shirt/top");

	@Test
	void aClassIsAnIndexOrANameInAnyCase() {
		assertEquals(0, ClassChoice.parse("target_class", "0", NAMES));
		assertEquals(2, ClassChoice.parse("target_class", " 2 ", NAMES));
		assertEquals(2, ClassChoice.parse("target_class", "t-shirt/TOP", NAMES));
		assertEquals(1, ClassChoice.parse("target_class", "Dog", NAMES));
	}

	@Test
	void outOfRangeOrUnknownIsRefusedInTheOneFormat() {
		assertEquals("true_class must be a class index 0-2 or one of cat, dog, T-shirt/top; got '3'",
			assertThrows(IllegalArgumentException.class, () -> ClassChoice.parse("true_class", "3", NAMES)).getMessage());
		assertEquals("true_class must be a class index 0-2 or one of cat, dog, T-shirt/top; got 'hat'",
			assertThrows(IllegalArgumentException.class, () -> ClassChoice.parse("true_class", "hat", NAMES)).getMessage());
	}
}
