package cnnsandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.scijava.app.event.StatusEvent;

class TerminalProgressTest {

	final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
	final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

	@Test
	void onATerminalOneLineIsRedrawnInPlaceAndClearedAtTheEnd() {
		TerminalProgress p = new TerminalProgress(err, true);
		p.onEvent(new StatusEvent(1, 10, "Training MLP: epoch 1/2, batch 1/60"));
		p.onEvent(new StatusEvent(2, 10, "epoch 1/2, batch 2/60"));
		p.finish();
		assertEquals("\rTraining MLP: epoch 1/2, batch 1/60" + "\repoch 1/2, batch 2/60" + " ".repeat(14)
			+ "\r" + " ".repeat(21) + "\r", bytes.toString(StandardCharsets.UTF_8));
	}

	@Test
	void elsewhereAPlainLineAtMostEveryTenSeconds() {
		TerminalProgress p = new TerminalProgress(err, false);
		for (int i = 1; i <= 100; i++) p.onEvent(new StatusEvent(i, 100, "Deblur Signal: iteration " + i + "00/10000"));
		p.finish();
		assertEquals("", bytes.toString(StandardCharsets.UTF_8), "a quick run says nothing more than its result");
		TerminalProgress every = new TerminalProgress(err, false, 0);
		every.onEvent(new StatusEvent(1, 3, "Training MLP: epoch 1/3, batch 60/60, ~4 s left"));
		every.onEvent(new StatusEvent(0, 0, "")); // cleared: no empty line
		every.finish();
		assertEquals("Training MLP: epoch 1/3, batch 60/60, ~4 s left" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8),
			"plain lines, no carriage returns, in a log file");
	}
}
