package cnnsandbox.hosting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MacroOptionsTest {

	@Test
	void parsesKeysValuesBracketsAndBareWordsInOrder() {
		Map<String, String> m = MacroOptions.parse(" sigma=30 data_dir=[/my data/fashion] all_units metric=Preconditioned ");
		assertEquals(List.of("sigma", "data_dir", "all_units", "metric"), List.copyOf(m.keySet()));
		assertEquals("30", m.get("sigma"));
		assertEquals("/my data/fashion", m.get("data_dir"));
		assertEquals("true", m.get("all_units"), "a bare word is the macro's checked checkbox");
		assertEquals("Preconditioned", m.get("metric"));
		assertTrue(MacroOptions.parse(null).isEmpty());
		assertTrue(MacroOptions.parse("   ").isEmpty());
	}

	@Test
	void anUnclosedBracketNamesTheKey() {
		String message = assertThrows(IllegalArgumentException.class, () -> MacroOptions.parse("data_dir=[/my data")).getMessage();
		assertTrue(message.contains("data_dir"), message);
	}

	@Test
	void aRepeatedKeyIsRefusedNotSilentlyReplaced() {
		// ImageJ's Macro.getValue takes the first, our parser took the last: neither guess is safe
		String message = assertThrows(IllegalArgumentException.class, () -> MacroOptions.parse("sigma=30 iterations=5 sigma=40")).getMessage();
		assertTrue(message.contains("sigma") && message.contains("twice") && message.contains("30") && message.contains("40"), message);
	}
}
