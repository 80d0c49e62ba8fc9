package cnnsandbox.hosting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleException;
import org.scijava.module.ModuleItem;
import org.scijava.display.DisplayPostprocessor;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleService;
import org.scijava.log.LogLevel;
import org.scijava.log.LogService;

import cnnsandbox.options.Options;

/**
 * Runs one of our SciJava commands by its menu label with inputs given by name, the way Fiji's
 * {@code --headless --run} and an ImageJ macro's {@code run("Label", "key=value ...")} do.
 * <p>
 * Inputs the caller leaves out take the command's documented default (the field's initial value), not the value
 * SciJava remembered from the last interactive run: a batch job must mean the same thing every time.
 */
public final class CommandRunner {

	private final CommandService commands;
	private final ModuleService modules;
	private final ConvertService convert;

	public CommandRunner(Context context) {
		this.commands = context.service(CommandService.class);
		this.modules = context.service(ModuleService.class);
		this.convert = context.service(ConvertService.class);
		// A command's failure reaches the user once, as our one-line reason, not also as SciJava's stack trace.
		LogService log = context.service(LogService.class);
		log.setLevel(ModuleRunner.class.getName(), LogLevel.NONE);
		// Tables and plots are shown by our own postprocessor or written by the CLI: no "unsupported output" noise.
		log.setLevel(DisplayPostprocessor.class.getName(), LogLevel.NONE);
	}

	/** Our commands, in menu order. */
	public List<CommandInfo> commands() {
		List<CommandInfo> ours = new ArrayList<>();
		for (CommandInfo info : commands.getCommands()) {
			if (OurCommands.isOurs(info)) ours.add(info);
		}
		return ours;
	}

	/** The command whose menu leaf is {@code label} ("Deblur Signal"). */
	public CommandInfo find(String label) {
		for (CommandInfo info : commands()) {
			if (label.equals(info.getMenuPath().getLeaf().getName())) return info;
		}
		throw new IllegalArgumentException("no command '" + label + "'; available: "
			+ commands().stream().map(i -> i.getMenuPath().getLeaf().getName()).collect(Collectors.joining(", ")));
	}

	/** The inputs a user sets: everything but services and the context. */
	public static List<ModuleItem<?>> userInputs(CommandInfo info) {
		List<ModuleItem<?>> items = new ArrayList<>();
		for (ModuleItem<?> item : info.inputs()) {
			Class<?> type = item.getType();
			if (org.scijava.service.Service.class.isAssignableFrom(type) || Context.class.isAssignableFrom(type)) continue;
			items.add(item);
		}
		return items;
	}

	/** The image input a host fills (the active image, or the CLI's input=PATH); null if the command takes none. */
	public static ModuleItem<?> imageInput(CommandInfo info) {
		for (ModuleItem<?> item : userInputs(info)) {
			if (net.imglib2.RandomAccessibleInterval.class.isAssignableFrom(item.getType())) return item;
		}
		return null;
	}

	/** The name users see for an output ("Deblur Loss"): window title, CLI file name, table name in macros. */
	public static String outputName(ModuleItem<?> item) {
		return item.getLabel() == null || item.getLabel().isEmpty() ? item.getName() : item.getLabel();
	}

	/** The keys of the files a command saves (style "save": model_file, output_file). */
	public static List<String> savedFileKeys(CommandInfo info) {
		List<String> keys = new ArrayList<>();
		for (ModuleItem<?> item : userInputs(info))
			if (java.io.File.class.isAssignableFrom(item.getType()) && isSave(item)) keys.add(item.getName());
		return keys;
	}

	private static boolean isSave(ModuleItem<?> item) {
		return item.getWidgetStyle() != null && item.getWidgetStyle().contains("save");
	}

	/** Each user input's default: the initial value of the command's field. */
	public Map<String, Object> defaults(CommandInfo info) {
		Module module = modules.createModule(info);
		Map<String, Object> defaults = new java.util.LinkedHashMap<>();
		for (ModuleItem<?> item : userInputs(info)) defaults.put(item.getName(), module.getInput(item.getName()));
		return defaults;
	}

	/**
	 * Runs the command and returns the finished module. Strings are converted to each input's type. Throws
	 * {@link IllegalArgumentException} with a one-line reason for unknown keys, unconvertible values, a cancelled
	 * run or a failure inside the command.
	 */
	public Module run(CommandInfo info, Map<String, ?> inputs) {
		Module module = modules.createModule(info);
		try {
			module.initialize(); // first, as Fiji does before a dialog or a macro sets the inputs: they then hold
		}
		catch (org.scijava.module.MethodCallException e) {
			throw new IllegalArgumentException(rootMessage(e), e);
		}
		List<ModuleItem<?>> items = userInputs(info);
		for (String key : inputs.keySet()) {
			if (items.stream().noneMatch(item -> item.getName().equals(key))) {
				throw new IllegalArgumentException("unknown key '" + key + "' for " + info.getMenuPath().getLeaf().getName()
					+ "; keys are: " + items.stream().map(ModuleItem::getName).collect(Collectors.joining(", ")));
			}
		}
		for (ModuleItem<?> item : items) {
			String name = item.getName();
			if (inputs.containsKey(name)) {
				module.setInput(name, convert(item, inputs.get(name)));
				module.resolveInput(name);
			}
			else {
				// Keep the field's default (even "none"), rather than a remembered value or a file-chooser prompt.
				module.resolveInput(name);
			}
		}
		try {
			modules.run(module, true).get();
		}
		catch (ExecutionException e) {
			throw new IllegalArgumentException(rootMessage(e), e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalArgumentException("interrupted");
		}
		if (module instanceof Cancelable && ((Cancelable) module).isCanceled()) {
			String reason = ((Cancelable) module).getCancelReason();
			throw new IllegalArgumentException(reason == null ? "cancelled" : reason);
		}
		return module;
	}

	private Object convert(ModuleItem<?> item, Object value) {
		if (value == null || item.getType().isInstance(value)) return value;
		Class<?> type = item.getType();
		String text = value.toString().trim();
		if (type == int.class || type == Integer.class) {
			long v = Options.integer(item.getName(), text);
			if (v != (int) v) throw Options.bad(item.getName(), describe(type) + " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE, value);
			return (int) v;
		}
		if (type == long.class || type == Long.class) return Options.integer(item.getName(), text);
		if (type == double.class || type == Double.class) return Options.number(item.getName(), text);
		if (type == float.class || type == Float.class) return (float) Options.number(item.getName(), text);
		if (type == boolean.class || type == Boolean.class) return Options.bool(item.getName(), text);
		// java.io.File drops a trailing '/': "model_file=newdir/" had written a file named newdir
		if (java.io.File.class.isAssignableFrom(type) && isSave(item) && (text.endsWith("/") || text.endsWith(java.io.File.separator)))
			throw Options.bad(item.getName(), "a file name, not a folder (it ends in '/'): add the file's name", value);
		Object converted = convert.convert(value, type);
		if (converted == null) throw Options.bad(item.getName(), describe(type), value);
		return converted;
	}

	private static String describe(Class<?> type) {
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "a whole number";
		if (type == double.class || type == Double.class || type == float.class || type == Float.class) return "a number";
		return "a " + type.getSimpleName();
	}

	/**
	 * The user-facing reason of a failure: the message of the first exception that says more than its cause, so
	 * "model.zip is truncated (...)" wins over the ZipException inside it, and SciJava's wrappers (ExecutionException,
	 * a bare RuntimeException "Module threw exception") are looked through.
	 */
	public static String rootMessage(Throwable t) {
		Throwable e = t;
		while (e.getCause() != null && e.getCause() != e && (e instanceof ExecutionException || e instanceof ModuleException || e.getClass() == RuntimeException.class
			|| e.getMessage() == null
			|| e.getMessage().isEmpty() || e.getMessage().equals(e.getCause().toString()))) {
			e = e.getCause();
		}
		if (e instanceof OutOfMemoryError) return cnnsandbox.backend.NativeMemory.explain(e); // what to change, in one line
		String message = e.getMessage();
		return message == null || message.isEmpty() ? e.getClass().getSimpleName() : message;
	}
}
