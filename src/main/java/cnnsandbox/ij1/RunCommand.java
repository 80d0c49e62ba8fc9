package cnnsandbox.ij1;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.app.event.StatusEvent;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;

import cnnsandbox.commands.CommandRunner;
import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * The ImageJ 1.x face of our SciJava commands, named in {@code plugins.config}: {@code RunCommand("Deblur Signal")}.
 * <p>
 * It builds a {@link GenericDialog} from the command's inputs with each field labelled by its parameter name, so
 * {@code run("Deblur Signal", "sigma=30 ...")} and the macro recorder use the same keys as Fiji and the CLI. In Fiji
 * the SciJava command with the same menu label replaces this entry, so users never see both.
 */
public class RunCommand implements PlugIn {

	private static Context context;

	@Override
	public void run(String label) {
		try {
			CommandRunner runner = new CommandRunner(context());
			CommandInfo info = runner.find(label);
			Map<String, Object> inputs = new LinkedHashMap<>();
			ImagePlus source = null;
			if (needsImage(info)) {
				source = WindowManager.getCurrentImage();
				if (source == null) {
					IJ.error(label, "There is no image open: open the image to process first.");
					return;
				}
			}
			else if (CommandRunner.imageInput(info) != null) {
				source = WindowManager.getCurrentImage(); // an optional image input (Train: data_source=image) gets the active one
			}
			if (!askInputs(runner, info, label, inputs)) return;
			if (source != null && !needsImage(info) && source.getType() == ImagePlus.COLOR_256) source = null; // optional: not usable
			if (source != null) {
				inputs.put(CommandRunner.imageInput(info).getName(), ImagePlusAdapter.wrap(source));
			}
			Module module = runner.run(info, inputs);
			showImages(module, source);
		}
		catch (IllegalArgumentException e) {
			String message = CommandRunner.rootMessage(e);
			if (Macro.getOptions() == null) {
				IJ.error(label, message);
				return;
			}
			// In a macro: say why on stderr and in the Log, and stop the macro, without a modal dialog that would
			// hang a batch run (-batch under Xvfb).
			System.err.println(label + ": " + message);
			IJ.log(label + ": " + message);
			Interpreter.abort();
		}
	}

	/** The shared SciJava context; the plugin class loader must be current or SciJava sees no plugin index. */
	static synchronized Context context() {
		if (context == null) {
			Thread thread = Thread.currentThread();
			ClassLoader previous = thread.getContextClassLoader();
			thread.setContextClassLoader(RunCommand.class.getClassLoader());
			try {
				context = new Context();
				context.service(EventService.class).subscribe(new StatusForwarder());
			}
			finally {
				thread.setContextClassLoader(previous);
			}
		}
		return context;
	}

	/** Forwards SciJava status and progress to ImageJ's status bar. */
	public static final class StatusForwarder {
		@EventHandler
		public void onEvent(StatusEvent event) {
			if (event.getStatusMessage() != null && !event.getStatusMessage().isEmpty()) IJ.showStatus(event.getStatusMessage());
			if (event.getProgressMaximum() > 0) IJ.showProgress(event.getProgressValue(), event.getProgressMaximum());
		}
	}

	private static boolean needsImage(CommandInfo info) {
		ModuleItem<?> item = CommandRunner.imageInput(info);
		return item != null && item.isRequired();
	}

	/** Shows the dialog (or reads the macro options) and collects the values; false when the user cancels. */
	private static boolean askInputs(CommandRunner runner, CommandInfo info, String label, Map<String, Object> inputs) {
		GenericDialog gd = new GenericDialog(label);
		List<ModuleItem<?>> items = CommandRunner.userInputs(info);
		// the main image is the active one; further optional images (Deblur Signal's psf, ground_truth) are chosen by
		// title from the open images, "none" leaving them out (macro: psf=[bead.tif])
		ModuleItem<?> main = CommandRunner.imageInput(info);
		items.removeIf(item -> RandomAccessibleInterval.class.isAssignableFrom(item.getType())
			&& (item == main || item.isRequired()));
		Map<String, Object> defaults = runner.defaults(info);
		for (ModuleItem<?> item : items) {
			String name = item.getName();
			Object def = defaults.get(name);
			String remembered = Prefs.get(prefKey(info, name), def == null ? "" : def.toString());
			Class<?> type = item.getType();
			if (RandomAccessibleInterval.class.isAssignableFrom(type)) {
				String[] titles = WindowManager.getImageTitles();
				String[] choices = new String[titles.length + 1];
				choices[0] = "none";
				System.arraycopy(titles, 0, choices, 1, titles.length);
				gd.addChoice(name, choices, "none");
			}
			else if (type == boolean.class || type == Boolean.class) gd.addCheckbox(name, Boolean.parseBoolean(remembered));
			else if (isNumber(type)) gd.addNumericField(name, parse(remembered), isWhole(type) ? 0 : digits(parse(remembered)), 10, null);
			else if (item.getChoices() != null && !item.getChoices().isEmpty()) {
				String[] choices = item.getChoices().stream().map(Object::toString).toArray(String[]::new);
				gd.addChoice(name, choices, remembered.isEmpty() ? choices[0] : remembered);
			}
			else if (type == File.class) gd.addFileField(name, remembered);
			else gd.addStringField(name, remembered, 30);
			// a file field has a Browse button: a description beside it would run off the dialog
			if (type != File.class && item.getDescription() != null && !item.getDescription().isEmpty()) {
				gd.addToSameRow();
				gd.addMessage(item.getDescription());
			}
		}
		gd.showDialog();
		if (gd.wasCanceled()) return false;
		for (ModuleItem<?> item : items) {
			Class<?> type = item.getType();
			Object value;
			if (RandomAccessibleInterval.class.isAssignableFrom(type)) {
				String title = gd.getNextChoice();
				ImagePlus image = "none".equals(title) ? null : WindowManager.getImage(title);
				if (!"none".equals(title) && image == null) {
					throw new IllegalArgumentException(item.getName() + ": no open image is titled '" + title + "'");
				}
				if (image != null) inputs.put(item.getName(), ImagePlusAdapter.wrap(image));
				continue;
			}
			if (type == boolean.class || type == Boolean.class) value = gd.getNextBoolean();
			else if (isNumber(type)) value = isWhole(type) ? (Object) (long) gd.getNextNumber() : (Object) gd.getNextNumber();
			else if (item.getChoices() != null && !item.getChoices().isEmpty()) value = gd.getNextChoice();
			else value = gd.getNextString();
			if (isWhole(type)) value = value.toString();
			inputs.put(item.getName(), value);
			if (Macro.getOptions() == null && item.isPersisted()) Prefs.set(prefKey(info, item.getName()), value.toString());
		}
		return true;
	}

	private static String prefKey(CommandInfo info, String name) {
		return "cnnsandbox." + info.getDelegateClassName().replaceAll(".*\\.", "") + "." + name;
	}

	private static boolean isNumber(Class<?> t) {
		return t == double.class || t == Double.class || t == float.class || t == Float.class || isWhole(t);
	}

	private static boolean isWhole(Class<?> t) {
		return t == int.class || t == Integer.class || t == long.class || t == Long.class;
	}

	/** Decimals to show: scientific notation for small values such as epsilon = 1e-5, which 4 decimals would zero. */
	static int digits(double v) {
		if (v == 0 || Math.abs(v) >= 0.01) return 4;
		return -3; // GenericDialog: negative = scientific notation with that many significant digits
	}

	private static double parse(String s) {
		try {
			return Double.parseDouble(s);
		}
		catch (NumberFormatException e) {
			return 0;
		}
	}

	private static void showImages(Module module, ImagePlus source) {
		for (ModuleItem<?> item : module.getInfo().outputs()) {
			Object value = module.getOutput(item.getName());
			String title = CommandRunner.outputName(item);
			if (value instanceof ImagePlus) {
				((ImagePlus) value).setTitle(title);
				((ImagePlus) value).show();
			}
			if (!(value instanceof RandomAccessibleInterval)) continue;
			@SuppressWarnings("unchecked")
			ImagePlus imp = ImagePlusAdapter.toImagePlus((RandomAccessibleInterval<? extends RealType<?>>) value, title);
			ImagePlusAdapter.copyCalibration(source, imp);
			imp.show();
		}
	}
}
