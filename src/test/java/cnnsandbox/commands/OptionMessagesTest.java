package cnnsandbox.commands;

import cnnsandbox.hosting.CommandRunner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;

import net.imglib2.img.array.ArrayImgs;

/**
 * One bad value through every key of every command: choices, booleans and numbers are all refused with the one
 * message format {@code KEY must be ...; got 'VALUE'}, before any work (no model, no data is read), and a choice's
 * message lists exactly the choices its dialog offers.
 */
class OptionMessagesTest extends CommandContextTest {

	static String refusal(CommandInfo info, String key, String value) {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put(key, value);
		ModuleItem<?> image = CommandRunner.imageInput(info);
		if (image != null) inputs.put(image.getName(), ArrayImgs.floats(8, 8));
		// a required model file that is never read: the bad value must be refused first
		if (!key.equals("model_file") && info.getInput("model_file") != null) inputs.put("model_file", "never-read.zip");
		return CommandRunner.rootMessage(assertThrows(IllegalArgumentException.class, () -> runner.run(info, inputs),
			info.getTitle() + " accepted " + key + "=" + value));
	}

	@Test
	void everyChoiceKeyOfEveryCommandRefusesAnUnknownValueTheSameWay() {
		int checked = 0;
		for (CommandInfo info : runner.commands()) {
			for (ModuleItem<?> item : CommandRunner.userInputs(info)) {
				List<?> choices = item.getChoices();
				if (choices == null || choices.isEmpty()) continue;
				String expected = item.getName() + " must be one of " + String.join(", ", choices.stream().map(Object::toString)
					.toArray(String[]::new)) + "; got 'bogus'";
				assertEquals(expected, refusal(info, item.getName(), "bogus"), info.getTitle());
				checked++;
			}
		}
		assertTrue(checked >= 11, "choice keys checked: " + checked);
	}

	@Test
	void everyBooleanAndNumberKeyRefusesTextTheSameWay() {
		int checked = 0;
		for (CommandInfo info : runner.commands()) {
			for (ModuleItem<?> item : CommandRunner.userInputs(info)) {
				Class<?> t = item.getType();
				String expected;
				if (t == boolean.class) expected = " must be true or false; got 'maybe'";
				else if (t == int.class || t == long.class) expected = " must be a whole number such as 10; got 'maybe'";
				else if (t == double.class) expected = " must be a plain decimal number such as 0.05 or 1e-3; got 'maybe'";
				else continue;
				assertEquals(item.getName() + expected, refusal(info, item.getName(), "maybe"), info.getTitle());
				checked++;
			}
		}
		assertTrue(checked >= 20, "boolean and number keys checked: " + checked);
	}
}
