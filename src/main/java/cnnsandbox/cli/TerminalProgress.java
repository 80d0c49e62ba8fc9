package cnnsandbox.cli;

import java.io.PrintStream;

import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;

/**
 * The CLI's view of a command's status ({@code StatusService}): on a terminal one line redrawn in place
 * ("Training CNN: epoch 2/5, batch 40/240, ~3 min 10 s left"); otherwise (a log file, a pipe) a plain line at most
 * every {@link #PLAIN_EVERY_NANOS}, so a long run logs its progress without flooding.
 * <p>
 * Subscribers are held weakly by SciJava's EventService: the CLI keeps this object for the whole run.
 */
final class TerminalProgress {

	static final long PLAIN_EVERY_NANOS = 10_000_000_000L;

	private final PrintStream err;
	private final boolean terminal;
	private long lastPlain;
	private int drawn; // characters of the line now on the terminal

	private final long plainEvery;

	TerminalProgress(PrintStream err, boolean terminal) {
		this(err, terminal, PLAIN_EVERY_NANOS);
	}

	TerminalProgress(PrintStream err, boolean terminal, long plainEveryNanos) {
		this.err = err;
		this.terminal = terminal;
		this.plainEvery = plainEveryNanos;
		this.lastPlain = System.nanoTime();
	}

	@EventHandler
	public synchronized void onEvent(StatusEvent event) {
		String message = event.getStatusMessage();
		// SciJava's own "Running command: X" / "Command finished: X" say nothing the CLI's output does not
		if (message == null || message.startsWith("Running command: ") || message.startsWith("Command finished: ")) return;
		if (terminal) {
			StringBuilder line = new StringBuilder("\r").append(message);
			for (int i = message.length(); i < drawn; i++) line.append(' ');
			if (message.isEmpty()) line.append('\r');
			err.print(line);
			err.flush();
			drawn = message.length();
		}
		else if (!message.isEmpty() && System.nanoTime() - lastPlain >= plainEvery) {
			err.println(message);
			lastPlain = System.nanoTime();
		}
	}

	/** Clears the line on a terminal before other output follows. */
	synchronized void finish() {
		if (terminal && drawn > 0) {
			StringBuilder line = new StringBuilder("\r");
			for (int i = 0; i < drawn; i++) line.append(' ');
			err.print(line.append('\r'));
			err.flush();
			drawn = 0;
		}
	}
}
