package cnnsandbox.ij1;

import org.scijava.Priority;
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

	@Override
	public double pixelWidth(RandomAccessibleInterval<?> image) {
		ImagePlus source = ImagePlusAdapter.sourceOf(image);
		if (source == null) source = activeImageOfSize(image);
		return source == null ? 1 : source.getCalibration().pixelWidth;
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
	public boolean stopRequested() {
		return IJ.escapePressed();
	}

	@Override
	public void showLivePlot(Plot plot) {
		livePlot.show(plot);
	}
}
