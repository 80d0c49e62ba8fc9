package cnnsandbox.cli;

import java.util.List;
import java.util.Map;

import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;

import cnnsandbox.hosting.CommandRunner;
import net.imglib2.RandomAccessibleInterval;

/**
 * {@code --help} and {@code --help "Command"}: read from the same {@code @Parameter} declarations the dialogs are
 * built from (names, types, defaults, choices, descriptions), so the two never disagree.
 */
final class CommandHelp {

	static final String USAGE = "usage: cnn-sandbox --run \"Command Name\" \"key=value ...\" [--input IMAGE] [--output DIR]\n"
		+ "       cnn-sandbox --help [\"Command Name\"]\n"
		+ "       cnn-sandbox --list\n"
		+ "(cnn-sandbox is target/app/cnn-sandbox, or java -cp \"jars/*:plugins/*\" cnnsandbox.Main in that folder)";

	private CommandHelp() {}

	/** The tool's help: usage and the commands. */
	static String tool(CommandRunner runner) {
		StringBuilder s = new StringBuilder();
		s.append("CNN Sandbox on the command line: runs one command of Plugins > CNN Sandbox headless, with the macro's keys.\n");
		s.append(USAGE).append("\n\n");
		s.append("Options:\n");
		s.append("  --run \"Command\" \"k=v ...\"  the command and its keys, as in run(\"Command\", \"k=v ...\"); [..] around values with spaces\n");
		s.append("  --input IMAGE             the image the command works on (same as input=IMAGE)\n");
		s.append("  --output DIR              write each output there: tables .csv, plots .png, images .tif (all or none)\n");
		s.append("  --help [\"Command\"]        this text, or a command's keys with type, default and meaning\n");
		s.append("  --list                    each command's keys on one line\n\n");
		s.append("Commands:\n");
		for (CommandInfo info : runner.commands()) {
			s.append("  ").append(label(info));
			String d = info.getDescription();
			if (d != null && !d.isEmpty()) s.append(": ").append(d);
			s.append('\n');
		}
		s.append("\nExample: cnn-sandbox --run \"Deblur Signal\" \"sigma=30\" --input sample-images/workshop-signal.tif --output out\n");
		return s.toString();
	}

	/** One command's keys and outputs. */
	static String command(CommandRunner runner, CommandInfo info) {
		StringBuilder s = new StringBuilder();
		s.append(label(info));
		if (info.getDescription() != null && !info.getDescription().isEmpty()) s.append(": ").append(info.getDescription());
		s.append("\n\nKeys (cnn-sandbox --run \"").append(label(info)).append("\" \"key=value ...\"; a key left out takes its default):\n");
		Map<String, Object> defaults = runner.defaults(info);
		List<ModuleItem<?>> items = CommandRunner.userInputs(info);
		int width = items.stream().mapToInt(i -> i.getName().length()).max().orElse(4);
		for (ModuleItem<?> item : items) {
			s.append("  ").append(pad(item.getName(), width)).append("  ").append(type(item));
			if (RandomAccessibleInterval.class.isAssignableFrom(item.getType())) {
				s.append(item.isRequired() ? ", required" : ", optional").append(": input=PATH or --input PATH\n");
				continue;
			}
			Object def = defaults.get(item.getName());
			s.append(", default ").append(def == null || def.toString().isEmpty() ? "(empty)" : def);
			s.append('\n');
			if (item.getDescription() != null && !item.getDescription().isEmpty())
				s.append("  ").append(pad("", width)).append("  ").append(item.getDescription()).append('\n');
		}
		s.append("\nOutputs (written with --output DIR):\n");
		for (ModuleItem<?> item : info.outputs()) {
			String ext = Cli.extension(item.getType());
			s.append("  ").append(CommandRunner.outputName(item)).append(ext == null ? " (printed)" : ext).append('\n');
		}
		return s.toString();
	}

	private static String label(CommandInfo info) {
		return info.getMenuPath().getLeaf().getName();
	}

	private static String type(ModuleItem<?> item) {
		Class<?> t = item.getType();
		if (item.getChoices() != null && !item.getChoices().isEmpty())
			return "one of " + String.join(" | ", item.getChoices().stream().map(Object::toString).toArray(String[]::new));
		if (t == int.class || t == Integer.class || t == long.class || t == Long.class) return "whole number";
		if (t == double.class || t == Double.class || t == float.class || t == Float.class) return "number";
		if (t == boolean.class || t == Boolean.class) return "true | false";
		if (t == java.io.File.class) return "directory".equals(item.getWidgetStyle()) ? "folder" : "file";
		if (RandomAccessibleInterval.class.isAssignableFrom(t)) return "image";
		return "text";
	}

	private static String pad(String s, int width) {
		StringBuilder b = new StringBuilder(s);
		while (b.length() < width) b.append(' ');
		return b.toString();
	}
}
