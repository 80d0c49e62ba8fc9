package cnnsandbox.commands;

import org.scijava.Priority;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

import ij.gui.Plot;
import net.imglib2.RandomAccessibleInterval;

/** The host when nothing better is known: uncalibrated images, no stop key, no live display. */
@Plugin(type = Service.class, priority = Priority.VERY_LOW)
public class HeadlessHost extends AbstractService implements HostService {

	@Override
	public double pixelWidth(RandomAccessibleInterval<?> image) {
		return 1;
	}

	@Override
	public boolean stopRequested() {
		return false;
	}

	@Override
	public void showLivePlot(Plot plot) {
		// no one would see it
	}
}
