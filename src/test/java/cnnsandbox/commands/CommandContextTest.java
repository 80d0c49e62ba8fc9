package cnnsandbox.commands;

import cnnsandbox.hosting.CommandRunner;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.function.Executable;
import org.scijava.Context;

/**
 * What the command tests share: a real SciJava context per test class, with our commands run by label and macro
 * keys as Fiji runs them, and the check of a refusal's one-line message.
 */
abstract class CommandContextTest {

	static Context context;
	static CommandRunner runner;

	@BeforeAll
	static void startContext() {
		context = new Context();
		runner = new CommandRunner(context);
	}

	@AfterAll
	static void disposeContext() {
		context.dispose();
	}

	/** {@code run} is refused with an IllegalArgumentException whose root message contains {@code expected}. */
	static void assertMessage(String expected, Executable run) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
		assertTrue(CommandRunner.rootMessage(e).contains(expected), "expected '" + expected + "' in: " + CommandRunner.rootMessage(e));
	}
}
