package cnnsandbox.commands;

import org.scijava.service.SciJavaService;

import ij.gui.Plot;
import net.imglib2.RandomAccessibleInterval;

/**
 * What a command may ask of the application it runs in (Fiji, plain ImageJ 1.x, the CLI, a test), so that commands
 * never reach into a host themselves. {@link HeadlessHost} answers when no host says more; the ImageJ 1.x host
 * ({@code cnnsandbox.ij1.ImageJHost}) has a higher priority and answers from ImageJ's state.
 */
public interface HostService extends SciJavaService {

	/**
	 * The calibrated pixel width of {@code image}, as the host knows it (ImgLib2 images carry no calibration); 1 when
	 * the host does not know.
	 */
	double pixelWidth(RandomAccessibleInterval<?> image);

	/**
	 * The slice labels of {@code image} (one per slice, null where a slice has none), as the host knows them
	 * (ImgLib2 images carry none); null when the host does not know.
	 */
	java.util.List<String> sliceLabels(RandomAccessibleInterval<?> image);

	/**
	 * {channels, z slices, time frames} of {@code image} in ImageJ's hyperstack order (channel fastest, then z, then
	 * time, over the planes after x and y), as the host knows them; null when it does not (then dimension 2 is z).
	 */
	default int[] hyperstackDimensions(RandomAccessibleInterval<?> image) {
		return null;
	}

	/** Whether the user asked the running command to stop (Esc in ImageJ), besides cancelling the module. */
	boolean stopRequested();

	/** Shows, or redraws, a plot that grows while a command runs (the training curve); nothing where no one sees it. */
	void showLivePlot(Plot plot);
}
