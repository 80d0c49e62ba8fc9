package cnnsandbox.ij1;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Frame;
import java.awt.Label;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;

/**
 * Screenshots of every command as a user meets it in ImageJ 1.x: the dialog filled in, the status bar while it runs,
 * and the windows it opens. Runs a real ImageJ on the current display (Xvfb: macros/screenshots.sh) and types into
 * the real dialogs, so the runs are interactive ones (not macro runs). Arguments: the ImageJ folder (target/app), the
 * folder for the PNGs, the repository folder (sample images).
 */
public final class ScreenshotTour {

	private final Path shots;
	private final Path repo;
	private final Path work;
	private final Robot robot;

	private ScreenshotTour(Path shots, Path repo) throws Exception {
		this.shots = shots;
		this.repo = repo;
		this.work = Files.createTempDirectory("cnn-sandbox-tour");
		this.robot = new Robot();
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("plugins.dir", Paths.get(args[0]).toAbsolutePath().toString());
		Files.createDirectories(Paths.get(args[1]));
		new ImageJ();
		IJ.getInstance().setLocation(0, 0);
		IJ.log("CNN Sandbox");
		Window log = WindowManager.getWindow("Log");
		if (log != null) log.setBounds(1000, 560, 600, 440); // ImageJ's default Log is too narrow for a screenshot to read
		ScreenshotTour tour = new ScreenshotTour(Paths.get(args[1]), Paths.get(args.length > 2 ? args[2] : "."));
		try {
			tour.run();
		}
		catch (Throwable t) {
			t.printStackTrace();
			System.exit(1);
		}
		System.exit(0);
	}

	private void run() throws Exception {
		String model = work.resolve("cnn.cnnsandbox.zip").toString();
		command("train", "Train Fashion Classifier", opts("model", "CNN", "epochs", "3", "batch_size", "50", "optimizer", "Adam",
			"learning_rate", "0.001", "train_limit", "3000", "test_limit", "500", "model_file", model),
			() -> IJ.getInstance() != null && String.valueOf(ImageJ.getStatusBarText()).contains("epoch 3/3"));
		open("fashion-test-100.tif");
		command("classify", "Classify Image", opts("model_file", model, "top_k", "2"), null);
		closeAll();
		command("filters", "Show Filters", opts("model_file", model), null);
		open("ankle-boot-photo-rgb.tif");
		command("activations", "Show Activations", opts("model_file", model), null);
		closeAll();
		command("test-images", "Show Test Images", opts("model_file", model, "true_class", "Shirt", "predicted_class", "T-shirt/top"), null);
		closeAll();
		command("visualize", "Visualize Neuron", opts("model_file", model, "target_class", "Trouser", "steps", "200"), null);
		closeAll();
		command("export", "Export Model", opts("model_file", model, "format", "ONNX", "output_file", work.resolve("cnn.onnx").toString()), null);
		command("import", "Import Model", opts("input_file", work.resolve("cnn.onnx").toString(), "output_file",
			work.resolve("imported.cnnsandbox.zip").toString()), null);
		open("fashion-test-100.tif");
		command("explain", "Explain Classification", opts("model_file", model, "method", "hirescam"), null);
		closeAll();
		open("workshop-signal.tif");
		command("deblur-1d", "Deblur Signal", opts("sigma", "30", "iterations", "10001"), null);
		open("chart-blurred-sigma2.tif");
		command("deblur-2d", "Deblur Signal", opts("sigma", "2", "iterations", "600", "metric", "Preconditioned", "log_every", "100"),
			() -> String.valueOf(ImageJ.getStatusBarText()).contains("iteration 3"));
		command("options", "CNN Sandbox Options", null, null);
	}

	private static Map<String, String> opts(String... kv) {
		Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
		return m;
	}

	private void open(String sample) throws Exception {
		closeAll();
		ImagePlus imp = IJ.openImage(repo.resolve("sample-images").resolve(sample).toString());
		imp.show();
		Thread.sleep(500);
	}

	/**
	 * Opens the command's dialog from the menu, fills it, takes NAME-dialog.png, presses OK (Cancel when values is
	 * null), takes NAME-running.png once {@code running} holds, and NAME-outputs.png when the command is done.
	 */
	private void command(String name, String label, Map<String, String> values, BooleanSupplier running) throws Exception {
		Thread t = new Thread(() -> IJ.run(label), label);
		t.start();
		GenericDialog gd = waitForDialog(label);
		if (values != null) fill(gd, values);
		Thread.sleep(700);
		shot(name + "-dialog", gd.getBounds());
		if (values == null) {
			gd.dispatchEvent(new java.awt.event.WindowEvent(gd, java.awt.event.WindowEvent.WINDOW_CLOSING));
			t.join(10_000);
			return;
		}
		press(gd, "OK");
		if (running != null) {
			long until = System.currentTimeMillis() + 600_000;
			while (t.isAlive() && !running.getAsBoolean() && System.currentTimeMillis() < until) Thread.sleep(50);
			Thread.sleep(300);
			shot(name + "-running", null);
		}
		long until = System.currentTimeMillis() + 900_000;
		while (t.isAlive() && System.currentTimeMillis() < until) {
			t.join(200);
			for (Window w : Window.getWindows()) {
				if (w instanceof ij.gui.MessageDialog && w.isShowing()) { // a refused value: shown, then closed as the user would
					Thread.sleep(500);
					shot(name + "-message", w.getBounds());
					w.dispatchEvent(new java.awt.event.WindowEvent(w, java.awt.event.WindowEvent.WINDOW_CLOSING));
					w.dispose();
				}
			}
		}
		Thread.sleep(1500);
		shot(name + "-outputs", null);
		System.out.println(name + ": " + ImageJ.getStatusBarText());
	}

	static GenericDialog waitForDialog(String title) throws Exception {
		long until = System.currentTimeMillis() + 60_000;
		while (System.currentTimeMillis() < until) {
			for (Window w : Window.getWindows()) {
				if (w instanceof GenericDialog && w.isShowing() && title.equals(((Dialog) w).getTitle())) return (GenericDialog) w;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("no dialog '" + title + "' within 60 s");
	}

	/** Sets each field that follows the label of a key; a checkbox carries its own label. */
	private static void fill(GenericDialog gd, Map<String, String> values) throws Exception {
		java.awt.EventQueue.invokeAndWait(() -> {
			String[] pending = { null };
			walk(gd, c -> {
				if (c instanceof Label) pending[0] = ((Label) c).getText().trim().replace(' ', '_'); // GenericDialog shows batch_size as "batch size"
				else if (c instanceof Checkbox && values.containsKey(((Checkbox) c).getLabel()))
					((Checkbox) c).setState(Boolean.parseBoolean(values.get(((Checkbox) c).getLabel())));
				else if (pending[0] != null && values.containsKey(pending[0])) {
					String v = values.get(pending[0]);
					if (c instanceof TextField) {
						((TextField) c).setText(v);
						pending[0] = null;
					}
					else if (c instanceof Choice) {
						((Choice) c).select(v);
						pending[0] = null;
					}
				}
			});
		});
	}

	static void walk(Container parent, java.util.function.Consumer<Component> visit) {
		for (Component c : parent.getComponents()) {
			visit.accept(c);
			if (c instanceof Container) walk((Container) c, visit);
		}
	}

	private static void press(GenericDialog gd, String text) throws Exception {
		Button[] found = { null };
		walk(gd, c -> {
			if (c instanceof Button && text.equals(((Button) c).getLabel().trim())) found[0] = (Button) c;
		});
		if (found[0] == null) throw new IllegalStateException("no " + text + " button in " + gd.getTitle());
		java.awt.EventQueue.invokeLater(() -> gd.actionPerformed(new ActionEvent(found[0], ActionEvent.ACTION_PERFORMED, text)));
	}

	private void shot(String name, Rectangle area) throws Exception {
		Rectangle r = area != null ? area : new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
		File file = shots.resolve(name + ".png").toFile();
		ImageIO.write(robot.createScreenCapture(r), "png", file);
		System.out.println("wrote " + file);
	}

	private static void closeAll() {
		int[] ids = WindowManager.getIDList();
		if (ids != null) for (int id : ids) {
			ImagePlus imp = WindowManager.getImage(id);
			if (imp != null) {
				imp.changes = false;
				imp.close();
			}
		}
		for (Frame f : WindowManager.getNonImageWindows()) if (!"Log".equals(f.getTitle())) f.dispose();
		for (Window w : Window.getWindows()) if (w instanceof ij.gui.PlotWindow || w instanceof ij.text.TextWindow && !"Log".equals(((Frame) w).getTitle())) w.dispose();
	}
}
