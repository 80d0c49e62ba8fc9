package cnnsandbox.ij1;

import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImageJ;

/**
 * Runs one command in a real ImageJ 1.x window (under Xvfb) the way a menu click with a recorded macro does, while a
 * second thread reads ImageJ's status bar every 20 ms; prints each distinct status text as {@code status: ...}, then
 * the Log window as {@code log: ...}. Arguments: the ImageJ folder (target/app), the command, its options.
 */
public final class StatusBarProbe {

	public static void main(String[] args) throws Exception {
		System.setProperty("plugins.dir", args[0]);
		new ImageJ(); // the window with its status bar and progress bar, as a user sees it
		List<String> seen = new ArrayList<>();
		Thread watcher = new Thread(() -> {
			String last = null;
			while (!Thread.currentThread().isInterrupted()) {
				String text = ImageJ.getStatusBarText();
				if (text != null && !text.equals(last)) {
					synchronized (seen) {
						seen.add(text);
					}
					last = text;
				}
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException e) {
					return;
				}
			}
		});
		watcher.setDaemon(true);
		watcher.start();
		// the plugin's SciJava context exists from its first command on; a garbage collection then, as a long ImageJ
		// session has, collected a status subscriber nothing held (SciJava holds subscribers weakly)
		IJ.run("CNN Sandbox Options", "threads=0");
		System.gc();
		Thread.sleep(200);
		System.gc();
		IJ.run(args[1], args.length > 2 ? args[2] : "");
		Thread.sleep(300); // the last status events are delivered on the event thread
		watcher.interrupt();
		synchronized (seen) {
			for (String s : seen) System.out.println("status: " + s);
		}
		String log = IJ.getLog();
		if (log != null) for (String line : log.split("\n")) System.out.println("log: " + line);
		System.out.flush();
		System.exit(0);
	}
}
