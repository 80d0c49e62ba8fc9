package cnnsandbox.ij1;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;

import cnnsandbox.hosting.CommandRunner;
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
			Map<String, String> remember = new LinkedHashMap<>();
			if (!askInputs(runner, info, label, inputs, remember)) return;
			if (source != null && !needsImage(info) && source.getType() == ImagePlus.COLOR_256) source = null; // optional: not usable
			if (source != null) {
				inputs.put(CommandRunner.imageInput(info).getName(), ImagePlusAdapter.wrap(source));
			}
			Module module = runner.run(info, inputs);
			// only values that ran are remembered: a rejected sigma=-1 is not offered again
			for (Map.Entry<String, String> e : remember.entrySet()) Prefs.set(e.getKey(), e.getValue());
			Object model = inputs.get(MODEL_FILE);
			if (model != null && !model.toString().trim().isEmpty()) Prefs.set(LAST_MODEL, new File(model.toString().trim()).getAbsolutePath());
			showImages(module, source, Macro.getOptions() == null);
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
				context.service(cnnsandbox.commands.HostService.class); // ImageJHost: status bar and Log window
			}
			finally {
				thread.setContextClassLoader(previous);
			}
		}
		return context;
	}

	private static boolean needsImage(CommandInfo info) {
		ModuleItem<?> item = CommandRunner.imageInput(info);
		return item != null && item.isRequired();
	}

	/** The key of every command that reads or writes a model. */
	static final String MODEL_FILE = "model_file";
	/** The last model trained or used, offered by the next command that takes one. */
	static final String LAST_MODEL = "cnnsandbox.last_model";
	/** Where a model is saved when nothing else was chosen. */
	static final String MODELS_FOLDER = "CNN Sandbox models";

	/** The model file a dialog offers: the last one used (open), or a new file in the models folder (save). */
	static String modelFileDefault(ModuleItem<?> item) {
		String last = Prefs.get(LAST_MODEL, "");
		if (!"save".equals(item.getWidgetStyle())) return last;
		File folder = last.isEmpty() ? new File(System.getProperty("user.home"), MODELS_FOLDER) : new File(last).getAbsoluteFile().getParentFile();
		String stamp = new java.text.SimpleDateFormat("yyyy-MM-dd_HH-mm").format(new java.util.Date());
		return new File(folder, "classifier_" + stamp + ".cnnsandbox.zip").getPath();
	}

	/**
	 * Shows the dialog (or reads the macro options) and collects the values; false when the user cancels. The values
	 * to remember for the next dialog go to {@code remember}, saved once the command has run.
	 */
	private static boolean askInputs(CommandRunner runner, CommandInfo info, String label, Map<String, Object> inputs,
		Map<String, String> remember) {
		GenericDialog gd = new ScrollingDialog(label); // Train Fashion Classifier's keys are taller than a screen
		if (info.getDescription() != null && !info.getDescription().isEmpty()) gd.addMessage(wrap(info.getDescription(), 90));
		List<ModuleItem<?>> items = CommandRunner.userInputs(info);
		// the main image is the active one; further optional images (Deblur Signal's psf, ground_truth) are chosen by
		// title from the open images, "none" leaving them out (macro: psf=[bead.tif])
		ModuleItem<?> main = CommandRunner.imageInput(info);
		items.removeIf(item -> RandomAccessibleInterval.class.isAssignableFrom(item.getType())
			&& (item == main || item.isRequired()));
		Map<String, Object> defaults = runner.defaults(info);
		// at the dialog (not in a macro): class and layer keys as lists from the model the dialog offers
		ModelChoices fromModel = Macro.getOptions() == null && items.stream().anyMatch(i -> MODEL_FILE.equals(i.getName()))
			? ModelChoices.of(Prefs.get(LAST_MODEL, "")) : null;
		Map<String, String[]> modelLists = new java.util.HashMap<>();
		for (ModuleItem<?> item : items) {
			String name = item.getName();
			Object def = defaults.get(name);
			String remembered = Prefs.get(prefKey(info, name), def == null ? "" : def.toString());
			if (MODEL_FILE.equals(name) && Macro.getOptions() == null) remembered = modelFileDefault(item);
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
			else if (fromModel != null && fromModel.choicesFor(name, defaults.get(name)) != null) {
				String[] choices = fromModel.choicesFor(name, defaults.get(name));
				modelLists.put(name, choices);
				gd.addChoice(name, choices, fromModel.selected(name, remembered, choices));
			}
			else if (type == File.class) gd.addFileField(name, remembered);
			else gd.addStringField(name, remembered, 30);
			// a file field has a Browse button: a description beside it would run off the dialog
			if (type != File.class && item.getDescription() != null && !item.getDescription().isEmpty()) {
				// beside a wide text field (layers) GenericDialog puts the hint past the dialog's edge: below it instead
				boolean wide = !(type == boolean.class || type == Boolean.class || isNumber(type)) && (item.getChoices() == null || item.getChoices().isEmpty())
					&& !modelLists.containsKey(name);
				if (!wide) gd.addToSameRow();
				gd.addMessage(wrap(item.getDescription(), wide ? 100 : 60));
			}
		}
		gd.addHelp(HelpText.html(info, defaults));
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
			else if (modelLists.containsKey(item.getName())) value = gd.getNextChoice();
			else value = gd.getNextString();
			if (isWhole(type)) value = value.toString();
			inputs.put(item.getName(), value);
			if (Macro.getOptions() == null && item.isPersisted()) remember.put(prefKey(info, item.getName()), value.toString());
		}
		return true;
	}

	/** A hint broken into lines of about {@code width} characters: GenericDialog cuts a long one at its edge. */
	static String wrap(String text, int width) {
		StringBuilder out = new StringBuilder();
		int lineStart = 0;
		for (String word : text.split(" ")) {
			if (out.length() - lineStart + word.length() > width && out.length() > lineStart) {
				out.setLength(out.length() - 1); // the space before the break
				out.append('\n');
				lineStart = out.length();
			}
			out.append(word).append(' ');
		}
		return out.toString().trim();
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

	/** Image outputs from this many on are tiled (Show Activations: one window per layer), not piled in a corner. */
	static final int TILE_FROM = 4;

	private static void showImages(Module module, ImagePlus source, boolean interactive) {
		int shown = 0;
		for (ModuleItem<?> item : module.getInfo().outputs()) {
			Object value = module.getOutput(item.getName());
			String title = OutputTitles.of(CommandRunner.outputName(item), module, source);
			if (value instanceof String && interactive) IJ.showStatus((String) value); // Export Model's confirmation (also in the Log)
			if (value instanceof ImagePlus) {
				((ImagePlus) value).setTitle(title);
				OutputWindows.show((ImagePlus) value, false);
				shown++;
			}
			if (!(value instanceof RandomAccessibleInterval)) continue;
			@SuppressWarnings("unchecked")
			ImagePlus imp = ImagePlusAdapter.toImagePlus((RandomAccessibleInterval<? extends RealType<?>>) value, title);
			ImagePlusAdapter.copyCalibration(source, imp);
			// a macro reads a 1-D output as an image (selectImage, saveAs): only a user at the dialog gets the plot
			OutputWindows.show(imp, interactive);
			shown++;
		}
		if (interactive && shown >= TILE_FROM && !GraphicsEnvironment.isHeadless()) IJ.run("Tile");
	}
}
