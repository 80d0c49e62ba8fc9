package cnnsandbox.ij1;

import org.scijava.log.LogLevel;
import org.scijava.log.LogListener;
import org.scijava.log.LogMessage;

import ij.IJ;

/**
 * Copies our commands' log lines (epoch lines, "Saved the model to ...", counts) to ImageJ's Log window, where a
 * GUI user reads them; the console keeps them too. Only with ImageJ's window up: headless and in batch macros
 * {@code IJ.log} would print them a second time on stdout.
 */
final class LogWindow implements LogListener {

	@Override
	public void messageLogged(LogMessage message) {
		if (message.level() > LogLevel.INFO || message.text() == null || IJ.getInstance() == null) return;
		String text = message.level() == LogLevel.WARN ? "Warning: " + message.text()
			: message.level() == LogLevel.ERROR ? "Error: " + message.text() : message.text();
		IJ.log(text);
	}
}
