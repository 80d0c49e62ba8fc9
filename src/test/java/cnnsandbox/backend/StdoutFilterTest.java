package cnnsandbox.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

import org.junit.jupiter.api.Test;

/** What a library prints unasked is dropped line by line; everything else reaches stdout, and stdout is restored. */
class StdoutFilterTest {

	@Test
	void dropsOnlyThePrefixedLinesAndRestoresStdout() {
		PrintStream original = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		PrintStream capture = new PrintStream(captured, true);
		System.setOut(capture);
		try {
			StdoutFilter.dropLines("Added differentiated op ", () -> {
				System.out.println("Added differentiated op conv1d");
				System.out.println("our line");
				System.out.print("Added differentiated op ");
				System.out.println("mul_scalar");
				System.out.print("a line without its end");
			});
			assertSame(capture, System.out, "stdout restored");
			assertThrows(IllegalStateException.class, () -> StdoutFilter.dropLines("x", () -> {
				throw new IllegalStateException("boom");
			}));
			assertSame(capture, System.out, "stdout restored after a failure too");
		}
		finally {
			System.setOut(original);
		}
		assertEquals("our line" + System.lineSeparator() + "a line without its end", captured.toString(Charset.defaultCharset()));
	}
}
