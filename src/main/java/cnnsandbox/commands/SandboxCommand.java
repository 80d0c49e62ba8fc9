package cnnsandbox.commands;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/**
 * The base of our commands: the services every one of them uses, the host it runs in, and one way to run work that
 * the user can stop (Cancel, or Esc in ImageJ) so that a stopped command produces no output at all.
 */
public abstract class SandboxCommand extends ContextCommand {

	@Parameter
	protected LogService log;

	@Parameter
	protected StatusService status;

	@Parameter
	protected HostService host;

	// -- Cancellation --

	/** True once the module is cancelled or the host's stop key is pressed: the engines poll it. */
	protected BooleanSupplier stopRequested() {
		return () -> isCanceled() || host.stopRequested();
	}

	/**
	 * Runs {@code work} and returns its result; if it was stopped (an engine threw {@link CancellationException}),
	 * cancels this command with "{@code what} was cancelled: {@code consequence}" and returns null. The status bar is
	 * cleared either way.
	 */
	protected <T> T runStoppable(String what, String consequence, Supplier<T> work) {
		try {
			return work.get();
		}
		catch (CancellationException e) {
			cancel(what + " was cancelled: " + consequence);
			return null;
		}
		finally {
			status.clearStatus();
		}
	}
}
