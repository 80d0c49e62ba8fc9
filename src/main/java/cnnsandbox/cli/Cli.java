package cnnsandbox.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
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
import cnnsandbox.ij1.ImagePlusAdapter;
import ij.IJ;
import ij.ImagePlus;
import ij.gui.Plot;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * The headless command line: runs one command, writes each output image as {@code DIR/<output>.tif}, each table as
 * {@code DIR/<table>.csv} (also printed), each plot as {@code DIR/<plot>.png}. On any error it prints one line
 * {@code Error: <reason>}, exits with status 1 and writes nothing.
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
		catch (IllegalArgumentException | IOException e) {
			err.println("Error: " + CommandRunner.rootMessage(e));
			return 1;
		}
	}

	private void runCommand(Arguments a) throws IOException {
		Map<String, Object> inputs = new LinkedHashMap<>(MacroOptions.parse(a.options));
		String inputPath = a.input != null ? a.input : (String) inputs.remove("input");
		ImagePlus inputImage = null;
		try (Context context = new Context()) {
			CommandRunner runner = new CommandRunner(context);
			CommandInfo info = runner.find(a.command);
			String imageInput = imageInputName(info);
			if (inputPath != null) {
				if (imageInput == null) throw new IllegalArgumentException(a.command + " takes no input image");
				inputImage = open(inputPath);
				inputs.put(imageInput, ImagePlusAdapter.wrap(inputImage));
			}
			else if (imageInput != null && required(info, imageInput)) {
				throw new IllegalArgumentException(a.command + " needs an input image: give input=PATH or --input PATH");
			}
			if (a.output != null) Files.createDirectories(a.output);
			Module module = runner.run(info, inputs);
			writeOutputs(module, inputImage, a.output);
		}
	}

	/** Writes every output to a temporary file first, then renames them all: a failure leaves nothing behind. */
	private void writeOutputs(Module module, ImagePlus inputImage, Path dir) throws IOException {
		List<Path[]> renames = new ArrayList<>();
		try {
			for (ModuleItem<?> item : module.getInfo().outputs()) {
				Object value = module.getOutput(item.getName());
				if (value == null) continue;
				String name = CommandRunner.outputName(item);
				if (value instanceof ResultsTable) {
					ResultsTable table = (ResultsTable) value;
					out.println("# " + name);
					printCsv(table);
					if (dir != null) renames.add(save(dir, name + ".csv", tmp -> table.saveAs(tmp.toString())));
				}
				else if (value instanceof Plot) {
					ImagePlus plot = ((Plot) value).getImagePlus();
					if (dir != null) renames.add(save(dir, name + ".png", tmp -> new FileSaver(plot).saveAsPng(tmp.toString())));
				}
				else if (value instanceof ImagePlus) {
					ImagePlus imp = (ImagePlus) value;
					if (dir != null) renames.add(save(dir, name + ".tif", tmp -> new FileSaver(imp).saveAsTiff(tmp.toString())));
				}
				else if (value instanceof RandomAccessibleInterval) {
					@SuppressWarnings("unchecked")
					ImagePlus imp = ImagePlusAdapter.toImagePlus((RandomAccessibleInterval<? extends RealType<?>>) value, name);
					ImagePlusAdapter.copyCalibration(inputImage, imp);
					if (dir != null) renames.add(save(dir, name + ".tif", tmp -> new FileSaver(imp).saveAsTiff(tmp.toString())));
				}
				else {
					out.println(name + ": " + value);
				}
			}
			for (Path[] r : renames) Files.move(r[0], r[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			for (Path[] r : renames) out.println("wrote " + r[1]);
		}
		finally {
			for (Path[] r : renames) Files.deleteIfExists(r[0]);
		}
	}

	private interface Writer {
		void write(Path tmp) throws IOException;
	}

	private static Path[] save(Path dir, String fileName, Writer writer) throws IOException {
		Path target = dir.resolve(fileName);
		String ext = fileName.substring(fileName.lastIndexOf('.'));
		Path tmp = Files.createTempFile(dir, ".partial-", ext);
		writer.write(tmp);
		if (Files.size(tmp) == 0) throw new IOException("could not write " + target);
		return new Path[] { tmp, target };
	}

	private void printCsv(ResultsTable table) {
		out.println(String.join(",", table.getHeadings()));
		for (int row = 0; row < table.size(); row++) {
			out.println(table.getRowAsString(row).replace('\t', ','));
		}
	}

	private static ImagePlus open(String path) {
		if (!Files.isRegularFile(Paths.get(path))) throw new IllegalArgumentException("input image not found: " + path);
		ImagePlus imp = IJ.openImage(path);
		if (imp == null) throw new IllegalArgumentException("cannot read " + path + " as an image (use TIFF, PNG or another format ImageJ opens)");
		return imp;
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
					case "--output": a.output = Paths.get(value(args, ++i, "--output")); break;
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
