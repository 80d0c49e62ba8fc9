package cnnsandbox.ij1;

import ij.ImagePlus;
import ij.WindowManager;

/** What a command may ask of the ImageJ 1.x host about the image it was started on. */
public final class ActiveImage {

	private ActiveImage() {}

	/**
	 * The calibrated pixel width of the active image if it has the given size, else 1. ImgLib2 images carry no
	 * calibration, and Fiji hands our commands the active image, so that is where the calibration lives.
	 */
	public static double pixelWidth(long width, long height) {
		try {
			ImagePlus imp = WindowManager.getCurrentImage();
			if (imp != null && imp.getWidth() == width && imp.getHeight() == height) return imp.getCalibration().pixelWidth;
		}
		catch (RuntimeException | LinkageError e) {
			// no ImageJ 1.x host (headless): uncalibrated
		}
		return 1;
	}
}
