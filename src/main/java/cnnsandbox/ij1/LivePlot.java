package cnnsandbox.ij1;

import java.awt.GraphicsEnvironment;

import ij.IJ;
import ij.gui.Plot;
import ij.gui.PlotWindow;

/**
 * A plot window that a long computation redraws as it goes (training's loss and accuracy per epoch). Only when an
 * ImageJ window is on screen: headless, and in batch macros, it does nothing and costs nothing.
 */
public final class LivePlot {

	private PlotWindow window;

	/**
	 * Shows a command's finished plot: into the live window when that shows the same plot (the final Training Plot
	 * replaces the live one's contents instead of opening a second window beside it), else in a window of its own.
	 */
	public void showFinal(Plot plot) {
		if (window != null && !window.isClosed() && plot.getTitle().equals(window.getTitle())) {
			try {
				window.drawPlot(plot);
				return;
			}
			catch (RuntimeException e) {
				window = null;
			}
		}
		plot.show();
	}

	/** Shows {@code plot}, or replaces the contents of the window shown before. */
	public void show(Plot plot) {
		if (GraphicsEnvironment.isHeadless() || IJ.getInstance() == null) return;
		try {
			if (window == null || window.isClosed()) window = plot.show();
			else window.drawPlot(plot);
		}
		catch (RuntimeException e) {
			window = null; // a display problem must never stop the computation
		}
	}
}
