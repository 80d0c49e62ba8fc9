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

import cnnsandbox.commands.CommandRunner;
import cnnsandbox.commands.MacroOptions;
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

	private static final String USAGE = "usage: cnnsandbox.Main --run \"Command Name\" \"key=value ...\" [--input IMAGE] [--output DIR]\n"
		+ "       cnnsandbox.Main --list";

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
			if (outputs != null) outputs.check(outputFileNames(info));
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
			Module module = runner.run(info, inputs);
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

	private static String extension(Class<?> type) {
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
				if (outputs != null) outputs.write(name + ".png", tmp -> saved(new FileSaver(plot).saveAsPng(tmp.toString()), tmp));
			}
			else if (value instanceof ImagePlus) {
				ImagePlus imp = (ImagePlus) value;
				if (outputs != null) outputs.write(name + ".tif", tmp -> saved(new FileSaver(imp).saveAsTiff(tmp.toString()), tmp));
			}
			else if (value instanceof RandomAccessibleInterval) {
				@SuppressWarnings("unchecked")
				ImagePlus imp = ImagePlusAdapter.toImagePlus((RandomAccessibleInterval<? extends RealType<?>>) value, name);
				ImagePlusAdapter.copyCalibration(inputImage, imp);
				if (outputs != null) outputs.write(name + ".tif", tmp -> saved(new FileSaver(imp).saveAsTiff(tmp.toString()), tmp));
			}
			else {
				out.println(name + ": " + value);
			}
		}
		if (outputs != null) for (Path written : outputs.commit()) out.println("wrote " + written);
	}

	/** ImageJ's FileSaver says only true or false (and shows a dialog or prints a trace when it fails). */
	private static void saved(boolean ok, Path tmp) throws IOException {
		if (!ok) throw new IOException("could not write " + tmp.getParent() + " (disk full or not writable?)");
	}

	/**
	 * The reason on one line. An exception from the file system may say only the path ("runs/x/file.txt") or only
	 * the errno text ("Is a directory"): both are completed into path and reason.
	 */
	static String oneLine(String message, Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) root = root.getCause();
		String m = message;
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

		static Arguments parse(String[] args) {
			Arguments a = new Arguments();
			for (int i = 0; i < args.length; i++) {
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
					default: throw new IllegalArgumentException("unexpected argument '" + args[i] + "'\n" + USAGE);
				}
			}
			if (a.command == null && !a.list) throw new IllegalArgumentException("nothing to do\n" + USAGE);
			return a;
		}

		private static String value(String[] args, int i, String flag) {
			if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
			return args[i];
		}
	}
}
