package cnnsandbox.backend;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Runs library code that prints on {@code System.out} unasked, dropping the lines that start with a given prefix.
 * <p>
 * Why: ND4J 1.0.0-M2.1's {@code SameDiff.createGradFunction} prints "Added differentiated op NAME" with
 * {@code System.out.println} (no logger, no switch), one line per op, into the CLI's stdout, where the command's
 * own lines and tables belong. Everything else printed meanwhile, by any thread, passes through, line by line.
 */
public final class StdoutFilter {

	private StdoutFilter() {
	}

	/** Runs {@code action} with {@code System.out}'s lines starting with {@code prefix} dropped. */
	public static synchronized void dropLines(String prefix, Runnable action) {
		PrintStream original = System.out;
		LineFilter filter = new LineFilter(original, prefix);
		PrintStream filtered = new PrintStream(filter, true);
		System.setOut(filtered);
		try {
			action.run();
		} finally {
			filtered.flush();
			filter.release();
			if (System.out == filtered) System.setOut(original);
		}
	}

	/** Passes whole lines to the original stream unless they start with the prefix. */
	private static final class LineFilter extends OutputStream {
		private final PrintStream target;
		private final String prefix;
		private final ByteArrayOutputStream line = new ByteArrayOutputStream();

		LineFilter(PrintStream target, String prefix) {
			this.target = target;
			this.prefix = prefix;
		}

		@Override
		public synchronized void write(int b) {
			line.write(b);
			if (b == '\n') release();
		}

		@Override
		public synchronized void write(byte[] b, int off, int len) {
			for (int i = off; i < off + len; i++) write(b[i]);
		}

		/** Writes the pending line to the original stream, unless it is one to drop. */
		synchronized void release() {
			if (line.size() == 0) return;
			String text = line.toString(Charset.defaultCharset());
			line.reset();
			if (!text.startsWith(prefix)) {
				target.print(text);
				target.flush();
			}
		}

		@Override
		public void flush() {
			// whole lines only: a partial line waits for its end (or for release at the end of the action)
		}
	}
}
