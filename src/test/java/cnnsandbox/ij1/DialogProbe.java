package cnnsandbox.ij1;

import java.awt.Button;
import java.awt.Rectangle;
import java.awt.Toolkit;
import java.awt.event.WindowEvent;

import ij.IJ;
import ij.ImageJ;
import ij.gui.GenericDialog;

/**
 * Opens one command's dialog in a real ImageJ 1.x (under Xvfb) as a menu click does, and prints where it lies:
 * {@code screen: W H}, {@code dialog: X Y W H}, {@code OK: X Y W H} (on the screen), then closes it. Arguments: the
 * ImageJ folder (target/app) and the command.
 */
public final class DialogProbe {

	public static void main(String[] args) throws Exception {
		System.setProperty("plugins.dir", args[0]);
		new ImageJ();
		Thread t = new Thread(() -> IJ.run(args[1]), args[1]);
		t.start();
		GenericDialog gd = ScreenshotTour.waitForDialog(args[1]);
		Thread.sleep(700);
		Button[] ok = { null };
		java.awt.EventQueue.invokeAndWait(() -> ScreenshotTour.walk(gd, c -> {
			if (c instanceof Button && "OK".equals(((Button) c).getLabel().trim()) && c.isShowing()) ok[0] = (Button) c;
		}));
		java.awt.Dimension screen = Toolkit.getDefaultToolkit().getScreenSize();
		System.out.println("screen: " + screen.width + " " + screen.height);
		Rectangle d = gd.getBounds();
		System.out.println("dialog: " + d.x + " " + d.y + " " + d.width + " " + d.height);
		if (ok[0] != null) {
			java.awt.Point p = ok[0].getLocationOnScreen();
			System.out.println("OK: " + p.x + " " + p.y + " " + ok[0].getWidth() + " " + ok[0].getHeight());
		}
		gd.dispatchEvent(new WindowEvent(gd, WindowEvent.WINDOW_CLOSING));
		t.join(10_000);
		System.out.flush();
		System.exit(0);
	}
}
