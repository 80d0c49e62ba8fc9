package cnnsandbox.ij1;

import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;

import ij.IJ;

/**
 * Shows SciJava status and progress ({@code StatusService}) in ImageJ 1.x's status bar and progress bar.
 * <p>
 * SciJava's EventService holds subscribers by weak reference: whoever subscribes this must keep it (a
 * {@code subscribe(new StatusBar())} alone is collected at the next GC, and the status bar then stays silent).
 */
public final class StatusBar {

	@EventHandler
	public void onEvent(StatusEvent event) {
		String message = event.getStatusMessage();
		if (message != null) IJ.showStatus(message);
		if (event.getProgressMaximum() > 0) IJ.showProgress(event.getProgressValue(), event.getProgressMaximum());
		else if (message == null || message.isEmpty()) IJ.showProgress(1.0); // cleared: hide the bar
	}
}
