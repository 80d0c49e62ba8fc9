package cnnsandbox.ij1;

import java.awt.Dimension;
import java.awt.Toolkit;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.ImageWindow;
import ij.gui.Plot;
import ij.process.ImageProcessor;

/**
 * How our output images open in ImageJ 1.x: at a zoom where they can be read (a 28 x 28 image at 100 % is a dot),
 * and a 1-D signal (one row) as a plot, which a one-pixel-high window cannot show. The engines and commands know
 * nothing of windows: this is the host's choice.
 */
final class OutputWindows {

	/** The shorter side an output should have on screen, in screen pixels. */
	static final int MIN_SIDE = 200;
	/** ImageJ's own zoom levels (ImageCanvas), the ones its zoom tool steps through. */
	private static final double[] LEVELS = { 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32 };

	private OutputWindows() {}

	/** Shows {@code imp}; a one-row, one-slice image as a plot of its values when {@code signalAsPlot}. */
	static void show(ImagePlus imp, boolean signalAsPlot) {
		if (signalAsPlot && imp.getHeight() == 1 && imp.getStackSize() == 1 && imp.getWidth() > 1) {
			ImageProcessor ip = imp.getProcessor();
			double[] x = new double[imp.getWidth()], v = new double[imp.getWidth()];
			double dx = imp.getCalibration().pixelWidth;
			for (int i = 0; i < x.length; i++) {
				x[i] = i * dx;
				v[i] = ip.getf(i, 0);
			}
			String unit = imp.getCalibration().getUnit();
			Plot plot = new Plot(imp.getTitle(), dx == 1 ? "sample" : "position (" + unit + ")", "value");
			plot.addPoints(x, v, Plot.LINE);
			plot.show();
			return;
		}
		if (imp.getStackSize() > 1) imp.setSlice(firstNonBlank(imp)); // Snapshots' first is all zeros: it read as a black result
		imp.show();
		zoomToRead(imp);
	}

	/** The first slice that is not one flat value (1 if all are). */
	static int firstNonBlank(ImagePlus imp) {
		for (int i = 1; i <= imp.getStackSize(); i++) {
			ImageProcessor ip = imp.getStack().getProcessor(i);
			ij.process.ImageStatistics stats = ij.process.ImageStatistics.getStatistics(ip, ij.measure.Measurements.MIN_MAX, null);
			if (stats.max > stats.min) return i;
		}
		return 1;
	}

	/** The zoom level at which the shorter side reaches {@link #MIN_SIDE}, as far as the screen allows. */
	static double magnification(int width, int height, Dimension screen) {
		int shorter = Math.min(width, height), longer = Math.max(width, height);
		double fits = Math.min(0.9 * screen.width / width, 0.8 * screen.height / height);
		double best = 1;
		for (double m : LEVELS) {
			if (m > fits && m > 1) break;
			best = m;
			if (shorter * m >= MIN_SIDE) break;
		}
		return longer * best > 0 && best > 1 ? best : 1;
	}

	private static void zoomToRead(ImagePlus imp) {
		ImageWindow win = imp.getWindow();
		if (win == null) return;
		double mag = magnification(imp.getWidth(), imp.getHeight(), Toolkit.getDefaultToolkit().getScreenSize());
		if (mag <= win.getCanvas().getMagnification()) return;
		IJ.run(imp, "Set... ", "zoom=" + Math.round(mag * 100) + " x=" + imp.getWidth() / 2 + " y=" + imp.getHeight() / 2);
	}
}
