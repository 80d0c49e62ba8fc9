package cnnsandbox.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;

import cnnsandbox.commands.SavedFiles;
import cnnsandbox.hosting.CommandRunner;
import cnnsandbox.hosting.MacroOptions;
import cnnsandbox.files.OutputSet;
import cnnsandbox.ij1.ImagePlusAdapter;
import ij.ImagePlus;
import ij.gui.Plot;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * The headless command line: runs one command, writes each output image as {@code DIR/<output>.tif}, each table as
 * {@code DIR/<table>.csv} (RFC 4180, also printed), each plot as {@code DIR/<plot>.png}. On any error it prints one
 * line {@code Error: <reason>}, exits with status 1 and leaves the folder as it was (see {@link OutputSet}).
 */
public final class Cli {

	private static final String USAGE = CommandHelp.USAGE;

	private final PrintStream out;
	private final PrintStream err;

	public Cli(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** Runs the command line and returns the process exit status. */
	public int run(String[] args) {
		System.setProperty("java.awt.headless", "true");
		try {
			Arguments a = Arguments.parse(args);
			if (a.help) {
				try (Context context = new Context()) {
					CommandRunner runner = new CommandRunner(context);
					out.print(a.command == null ? CommandHelp.tool(runner) : CommandHelp.command(runner, runner.find(a.command)));
				}
				return 0;
			}
			if (a.list) {
				try (Context context = new Context()) {
					for (CommandInfo info : new CommandRunner(context).commands()) {
						out.println(info.getMenuPath().getLeaf().getName() + ": " + CommandRunner.userInputs(info).stream()
							.map(ModuleItem::getName).reduce((x, y) -> x + " " + y).orElse(""));
					}
				}
				return 0;
			}
			runCommand(a);
			return 0;
		}
		catch (IllegalArgumentException | IllegalStateException | IOException | UnsupportedOperationException e) {
			err.println("Error: " + oneLine(CommandRunner.rootMessage(e), e));
			return 1;
		}
		catch (OutOfMemoryError e) {
			err.println("Error: out of memory (" + e.getMessage() + "): give Java more memory (-Xmx) or smaller inputs");
			return 1;
		}
	}

	private void runCommand(Arguments a) throws IOException {
		Map<String, Object> inputs = new LinkedHashMap<>(MacroOptions.parse(a.options));
		String inputPath = a.input != null ? a.input : (String) inputs.remove("input");
		ImagePlus inputImage = null;
		try (Context context = new Context(); OutputSet outputs = a.output == null ? null : new OutputSet(a.output)) {
			CommandRunner runner = new CommandRunner(context);
			CommandInfo info = runner.find(a.command);
			// Every output is checked before the command runs: a failure after it would lose its work (a model file
			// written, then a folder named "Training Log.csv" in the way).
			if (outputs != null) {
				outputs.check(outputFileNames(info));
				for (String key : CommandRunner.savedFileKeys(info))
					if (inputs.get(key) != null && !inputs.get(key).toString().isBlank())
						outputs.checkNotAnOutput(Paths.get(inputs.get(key).toString()), key);
				context.service(SavedFiles.class).joinOutputs(outputs); // the model is replaced only with every output
			}
			String imageInput = imageInputName(info);
			if (inputPath != null) {
				if (imageInput == null) throw new IllegalArgumentException(a.command + " takes no input image");
				inputImage = ImageFiles.open(inputPath);
				inputs.put(imageInput, ImagePlusAdapter.wrap(inputImage));
			}
			else if (imageInput != null && required(info, imageInput)) {
				throw new IllegalArgumentException(a.command + " needs an input image: give input=PATH or --input PATH");
			}
			// further image inputs (Deblur Signal's psf, ground_truth) are given as key=PATH
			for (ModuleItem<?> item : CommandRunner.userInputs(info)) {
				Object path = inputs.get(item.getName());
				if (!item.getName().equals(imageInput) && path instanceof String
					&& RandomAccessibleInterval.class.isAssignableFrom(item.getType())) {
					inputs.put(item.getName(), ImagePlusAdapter.wrap(ImageFiles.open((String) path)));
				}
			}
			// kept here: SciJava's EventService holds subscribers weakly
			TerminalProgress progress = new TerminalProgress(err, System.console() != null);
			context.service(org.scijava.event.EventService.class).subscribe(progress);
			Module module;
			try {
				module = runner.run(info, inputs);
			}
			catch (IllegalArgumentException e) {
				// an engine knows "the image", the CLI knows its file: the line names it
				String m = CommandRunner.rootMessage(e);
				if (inputPath != null && m.startsWith("the image ")) throw new IllegalArgumentException("input image " + inputPath
					+ m.substring("the image".length()), e);
				throw e;
			}
			finally {
				progress.finish();
			}
			writeOutputs(module, inputImage, outputs);
		}
	}

	/** The file each output will be written to, by its type: tables .csv, plots .png, images .tif. */
	private static List<String> outputFileNames(CommandInfo info) {
		List<String> names = new ArrayList<>();
		for (ModuleItem<?> item : info.outputs()) {
			String ext = extension(item.getType());
			if (ext != null) names.add(CommandRunner.outputName(item) + ext);
		}
		return names;
	}

	static String extension(Class<?> type) {
		if (ResultsTable.class.isAssignableFrom(type)) return ".csv";
		if (Plot.class.isAssignableFrom(type)) return ".png";
		if (ImagePlus.class.isAssignableFrom(type) || RandomAccessibleInterval.class.isAssignableFrom(type)) return ".tif";
		return null;
	}

	/** Writes every output to a temporary file first, then renames them all: a failure leaves the earlier files. */
	private void writeOutputs(Module module, ImagePlus inputImage, OutputSet outputs) throws IOException {
		for (ModuleItem<?> item : module.getInfo().outputs()) {
			Object value = module.getOutput(item.getName());
			if (value == null) continue;
			String name = CommandRunner.outputName(item);
			if (value instanceof ResultsTable) {
				String csv = CsvWriter.write((ResultsTable) value);
				out.println("# " + name);
				out.print(csv);
				if (outputs != null) outputs.write(name + ".csv", tmp -> Files.writeString(tmp, csv));
			}
			else if (value instanceof Plot) {
				ImagePlus plot = ((Plot) value).getImagePlus();
				if (outputs != null) outputs.write(name + ".png", tmp -> saved(() -> new FileSaver(plot).saveAsPng(tmp.toString())));
			}
			else if (value instanceof ImagePlus) {
				ImagePlus imp = (ImagePlus) value;
				if (outputs != null) outputs.write(name + ".tif", tmp -> saved(() -> new FileSaver(imp).saveAsTiff(tmp.toString())));
			}
			else if (value instanceof RandomAccessibleInterval) {
				@SuppressWarnings("unchecked")
				ImagePlus imp = ImagePlusAdapter.toImagePlus((RandomAccessibleInterval<? extends RealType<?>>) value, name);
				ImagePlusAdapter.copyCalibration(inputImage, imp);
				if (outputs != null) outputs.write(name + ".tif", tmp -> saved(() -> new FileSaver(imp).saveAsTiff(tmp.toString())));
			}
			else {
				out.println(name + ": " + value);
			}
		}
		if (outputs != null) for (Path written : outputs.commit()) out.println("wrote " + written);
	}

	/**
	 * Runs one of ImageJ's FileSaver calls, which says only true or false and prints its reason as a 3-line "File
	 * saving error" block on the console: the block is caught, and its reason ("No space left on device") goes into
	 * our one line (the file is named by {@link OutputSet}).
	 */
	private static void saved(java.util.function.BooleanSupplier save) throws IOException {
		PrintStream out = System.out, err = System.err;
		java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
		boolean ok;
		try (PrintStream capture = new PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8)) {
			System.setOut(capture);
			System.setErr(capture);
			ok = save.getAsBoolean();
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
		if (ok) return;
		java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("\"([^\"\n]+)\"").matcher(said.toString(java.nio.charset.StandardCharsets.UTF_8));
		throw new IOException(quoted.find() ? quoted.group(1) : "disk full or not writable?");
	}

	/**
	 * The reason on one line. An exception from the file system may say only the path ("runs/x/file.txt") or only
	 * the errno text ("Is a directory"): both are completed into path and reason.
	 */
	static String oneLine(String message, Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) root = root.getCause();
		String m = message;
		if (root instanceof java.nio.file.InvalidPathException) { // "Malformed input or input contains unmappable characters"
			java.nio.file.InvalidPathException p = (java.nio.file.InvalidPathException) root;
			String reason = String.valueOf(p.getReason());
			return "path '" + p.getInput().replace("\0", "\\0") + "' cannot be used as a file name (" + reason + "): "
				+ (reason.contains("Malformed") || reason.contains("unmappable") ? "its characters cannot be written in this system's "
					+ "file name encoding (" + System.getProperty("sun.jnu.encoding") + "); run with a UTF-8 locale (LANG=C.UTF-8), or "
					+ "give another name" : "give another name");
		}
		if (root instanceof FileSystemException) {
			FileSystemException f = (FileSystemException) root;
			String reason = f.getReason() != null ? f.getReason() : root.getClass().getSimpleName().replace("Exception", "");
			if (f.getFile() != null && m.equals(f.getFile())) m = f.getFile() + ": " + reason;
			else if (f.getFile() != null && !m.contains(f.getFile())) m = f.getFile() + ": " + m;
		}
		int nl = m.indexOf('\n');
		return nl < 0 || m.contains("usage:") ? m : m.substring(0, nl);
	}

	private static String imageInputName(CommandInfo info) {
		ModuleItem<?> item = CommandRunner.imageInput(info);
		return item == null ? null : item.getName();
	}

	private static boolean required(CommandInfo info, String name) {
		return CommandRunner.userInputs(info).stream().anyMatch(i -> i.getName().equals(name) && i.isRequired());
	}

	/** The parsed command line. */
	static final class Arguments {
		String command;
		String options = "";
		String input;
		Path output;
		boolean list;
		boolean help;

		static Arguments parse(String[] args) {
			Arguments a = new Arguments();
			java.util.Set<String> seen = new java.util.HashSet<>();
			for (int i = 0; i < args.length; i++) {
				if (args[i].startsWith("--") && !seen.add(args[i]))
					throw new IllegalArgumentException(args[i] + " is given twice: one command per run, one --input, one --output");
				switch (args[i]) {
					case "--run":
						a.command = value(args, ++i, "--run");
						if (i + 1 < args.length && !args[i + 1].startsWith("--")) a.options = args[++i];
						break;
					case "--input": a.input = value(args, ++i, "--input"); break;
					case "--output":
						String dir = value(args, ++i, "--output");
						if (dir.trim().isEmpty()) throw new IllegalArgumentException("--output must name a folder; got ''");
						a.output = Paths.get(dir);
						break;
					case "--list": a.list = true; break;
					case "--help": case "-h":
						a.help = true;
						if (i + 1 < args.length && !args[i + 1].startsWith("-")) a.command = args[++i];
						break;
					default: throw new IllegalArgumentException("unexpected argument '" + args[i] + "'\n" + USAGE);
				}
			}
			if (a.command == null && !a.list && !a.help) throw new IllegalArgumentException("nothing to do\n" + USAGE);
			return a;
		}

		private static String value(String[] args, int i, String flag) {
			if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
			return args[i];
		}
	}
}
