package cnnsandbox.ij1;

import java.awt.GraphicsEnvironment;

import org.scijava.Priority;
import org.scijava.event.EventService;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

import cnnsandbox.commands.HostService;
import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Plot;
import net.imglib2.RandomAccessibleInterval;

/**
 * The ImageJ 1.x host (Fiji, plain ImageJ, and the CLI, which opens images with ImageJ): calibration from the
 * ImagePlus an input was wrapped from (or, in Fiji, the active image of the same size), Esc as a stop key, and a
 * live plot window when ImageJ's window is up.
 */
@Plugin(type = Service.class, priority = Priority.NORMAL)
public class ImageJHost extends AbstractService implements HostService {

	private final LivePlot livePlot = new LivePlot();
	/** Held here: the EventService and the logger keep their subscribers weakly or not at all beyond this service. */
	private final StatusBar statusBar = new StatusBar();
	private final LogWindow logWindow = new LogWindow();

	@Parameter
	private EventService events;

	@Parameter
	private LogService log;

	/** With ImageJ 1.x's window (not headless, not the CLI): status and progress to its status bar, log lines to its Log. */
	@Override
	public void initialize() {
		if (GraphicsEnvironment.isHeadless()) return;
		events.subscribe(statusBar);
		log.addLogListener(logWindow);
	}

	@Override
	public double pixelWidth(RandomAccessibleInterval<?> image) {
		ImagePlus source = ImagePlusAdapter.sourceOf(image);
		if (source == null) source = activeImageOfSize(image);
		return source == null ? 1 : source.getCalibration().pixelWidth;
	}

	@Override
	public java.util.List<String> sliceLabels(RandomAccessibleInterval<?> image) {
		ImagePlus source = ImagePlusAdapter.sourceOf(image);
		if (source == null) source = activeImageOfSize(image);
		long slices = image.numDimensions() > 2 ? image.dimension(2) : 1;
		if (source == null || source.getStackSize() != slices) return null;
		java.util.List<String> labels = new java.util.ArrayList<>();
		for (int s = 1; s <= source.getStackSize(); s++) {
			String label = source.getStack().getShortSliceLabel(s);
			labels.add(label == null || label.trim().isEmpty() ? null : label.trim());
		}
		return labels;
	}

	/** In Fiji, imagej-legacy hands a command the active image as an ImgLib2 image, which carries no calibration. */
	private static ImagePlus activeImageOfSize(RandomAccessibleInterval<?> image) {
		try {
			ImagePlus imp = WindowManager.getCurrentImage();
			long width = image.dimension(0), height = image.numDimensions() > 1 ? image.dimension(1) : 1;
			return imp != null && imp.getWidth() == width && imp.getHeight() == height ? imp : null;
		}
		catch (RuntimeException | LinkageError e) {
			return null; // no ImageJ 1.x window manager here (headless)
		}
	}

	@Override
	public int[] hyperstackDimensions(RandomAccessibleInterval<?> image) {
		ImagePlus source = ImagePlusAdapter.sourceOf(image);
		if (source == null) source = activeImageOfSize(image);
		long planes = 1;
		for (int d = 2; d < image.numDimensions(); d++) planes *= image.dimension(d);
		if (source == null || source.getStackSize() != planes) return null;
		return new int[] { source.getNChannels(), source.getNSlices(), source.getNFrames() };
	}

	@Override
	public boolean stopRequested() {
		return IJ.escapePressed();
	}

	@Override
	public void showLivePlot(Plot plot) {
		livePlot.show(plot);
	}

	/** A command's plot output: into the live plot's window when it is the same plot, else a window of its own. */
	void showPlot(Plot plot) {
		livePlot.showFinal(plot);
	}
}
