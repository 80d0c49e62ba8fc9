package cnnsandbox.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;

import cnnsandbox.hosting.CommandRunner;
import cnnsandbox.hosting.MacroOptions;
import cnnsandbox.data.FashionMnist;
import ij.measure.ResultsTable;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * docs/commands.md against the commands themselves, so that the reference cannot go stale: every command the hosts
 * list (Fiji's menu, the CLI's --list) has a section "## Label"; its table {@code | key | default | allowed | meaning |}
 * names every user input (the macro key), with the field's initial value as default and exactly the declared
 * choices as allowed values, and no key the command lacks; its table {@code | output | ... |} names every output
 * the command returns, a table's row every column heading. The outputs are collected by running each command on
 * tiny data in a real SciJava context, so output names added at run time (Show Activations' stacks) and columns
 * that depend on the options (top_2, top_3; Ascent Log's image, Deblur Loss's slice) are covered too.
 */
class CommandDocsTest {

	static final Path DOC = Paths.get("docs/commands.md");
	static final Pattern CODE = Pattern.compile("`([^`]+)`");

	static Context context;
	static CommandRunner runner;
	static Map<String, String> sections;

	@BeforeAll
	static void start() throws IOException {
		context = new Context();
		runner = new CommandRunner(context);
		assertTrue(Files.isRegularFile(DOC), DOC + " is missing (run from the project folder)");
		sections = sections(Files.readString(DOC));
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	/** The commands checked below are every SciJava command of ours in the plugin index, not only the menu's. */
	@Test
	void everyCommandClassIsOneTheHostsList() {
		Set<String> indexed = context.service(CommandService.class).getCommands().stream().map(CommandInfo::getClassName)
			.filter(name -> name.startsWith("cnnsandbox.")).collect(Collectors.toCollection(TreeSet::new));
		Set<String> listed = runner.commands().stream().map(CommandInfo::getClassName).collect(Collectors.toCollection(TreeSet::new));
		assertEquals(indexed, listed, "a command outside Plugins > CNN Sandbox would be missing from the docs check");
		assertTrue(listed.size() >= 9, "the plugin index lists " + listed);
	}

	@Test
	void everyKeyWithItsDefaultAndAllowedValues() {
		List<String> problems = new ArrayList<>();
		for (CommandInfo info : runner.commands()) {
			String label = info.getMenuPath().getLeaf().getName();
			String section = sections.get(label);
			if (section == null) {
				problems.add("no section '## " + label + "'");
				continue;
			}
			Map<String, List<String>> rows = table(section, "key");
			Map<String, Object> defaults = runner.defaults(info);
			for (ModuleItem<?> item : CommandRunner.userInputs(info)) {
				String key = item.getName();
				List<String> row = rows.remove(key);
				if (row == null || row.size() < 4) {
					problems.add(label + ": no row for key `" + key + "`");
					continue;
				}
				String problem = defaultProblem(defaults.get(key), row.get(1));
				if (problem != null) problems.add(label + ": `" + key + "` default: " + problem);
				List<String> allowed = codes(row.get(2));
				if (item.getChoices() != null && !item.getChoices().isEmpty()) {
					if (!new TreeSet<>(allowed).equals(new TreeSet<>(item.getChoices()))) {
						problems.add(label + ": `" + key + "` allowed values are " + item.getChoices() + ", the doc says " + allowed);
					}
				}
				else if (row.get(2).isBlank()) {
					problems.add(label + ": `" + key + "` says nothing about its allowed values");
				}
			}
			for (String stale : rows.keySet()) problems.add(label + ": documents key `" + stale + "`, which the command does not have");
		}
		assertTrue(problems.isEmpty(), DOC + " is stale:\n" + String.join("\n", problems));
	}

	@Test
	void everyOutputAndTableColumn(@TempDir Path dir) {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed");
		Map<String, Set<String>> seen = new LinkedHashMap<>(); // "Label\tOutput" -> columns
		Path model = dir.resolve("mlp.cnnsandbox.zip");
		run(seen, "Train Fashion Classifier", "model=MLP epochs=1 batch_size=50 train_limit=300 test_limit=100 model_file=[" + model + "]", null);
		run(seen, "Train Fashion Classifier", "model=MLP epochs=2 batch_size=50 train_limit=300 test_limit=100 validation_fraction=0.2 "
			+ "keep=best initial_model=[" + model + "]", null);
		run(seen, "Train Fashion Classifier", "model=MLP epochs=2 batch_size=50 train_limit=300 test_limit=100 augment=[flip_h, shift 2, "
			+ "rotate 10, noise 0.05, brightness 0.1] schedule=[step 1 0.5] class_weights=balanced", null);
		Img<FloatType> signal = ArrayImgs.floats(64, 1);
		Img<FloatType> stack = ArrayImgs.floats(16, 16, 2);
		Random random = new Random(1);
		for (FloatType t : signal) t.set(random.nextFloat());
		for (FloatType t : stack) t.set(random.nextFloat());
		run(seen, "Deblur Signal", "sigma=2 iterations=3 log_every=1", signal);
		run(seen, "Deblur Signal", "sigma=1 iterations=3 log_every=1", stack);
		Img<UnsignedByteType> images = ArrayImgs.unsignedBytes(28, 28, 3);
		for (UnsignedByteType t : images) t.set(random.nextInt(256));
		String m = "model_file=[" + model + "]";
		run(seen, "Classify Image", m, images);
		run(seen, "Classify Image", m + " top_k=3", images);
		run(seen, "Explain Classification", m, images);
		run(seen, "Visualize Neuron", m + " steps=3", null);
		run(seen, "Visualize Neuron", m + " target_class=all steps=3", null);
		run(seen, "Visualize Neuron", m + " mode=neuron layer=fc1 unit=1 steps=3", null);
		run(seen, "Visualize Neuron", m + " mode=neuron layer=fc1 unit=1 steps=3 metric=Sobolev sigma=2 jitter=1", null);
		run(seen, "Show Test Images", m + " true_class=0 predicted_class=6 max_images=3 test_limit=100", null);
		run(seen, "Show Filters", m + " magnification=2", null);
		run(seen, "Show Activations", m, ArrayImgs.unsignedBytes(28, 28));
		run(seen, "Export Model", m + " format=ONNX output_file=[" + dir.resolve("m.onnx") + "]", null);
		run(seen, "Import Model", "input_file=[" + dir.resolve("m.onnx") + "] output_file=[" + dir.resolve("back.cnnsandbox.zip") + "]", null);
		run(seen, "Export Model", m + " format=bioimage.io output_file=[" + dir.resolve("m.zip") + "]", null);
		run(seen, "Import Model", "input_file=[" + dir.resolve("m.zip") + "] output_file=[" + dir.resolve("pkg.cnnsandbox.zip") + "] mean=0.1 std=0.5", null);

		List<String> problems = new ArrayList<>();
		for (CommandInfo info : runner.commands()) {
			String label = info.getMenuPath().getLeaf().getName();
			boolean ran = seen.keySet().stream().anyMatch(k -> k.startsWith(label + "\t"));
			if (!info.outputs().iterator().hasNext()) continue; // CNN Sandbox Options: a setting, no outputs (not run: it persists)
			if (!ran) problems.add(label + " has outputs but this test does not run it: add a run above");
		}
		Set<String> classNames = new LinkedHashSet<>(FashionMnist.CLASS_NAMES);
		for (Map.Entry<String, Set<String>> e : seen.entrySet()) {
			String[] key = e.getKey().split("\t");
			String section = sections.getOrDefault(key[0], "");
			List<String> row = outputRow(table(section, "output"), key[1]);
			if (row == null) {
				problems.add(key[0] + ": no row for output `" + key[1] + "`");
				continue;
			}
			Set<String> documented = new LinkedHashSet<>(codes(String.join(" | ", row.subList(1, row.size()))));
			for (String column : e.getValue()) {
				if (!classNames.contains(column) && !documented.contains(column)) {
					problems.add(key[0] + ": output `" + key[1] + "` has column `" + column + "`, not in its row");
				}
			}
		}
		assertTrue(problems.isEmpty(), DOC + " is stale:\n" + String.join("\n", problems));
	}

	/** Runs a command as a macro would and records its outputs' names and tables' columns. */
	static void run(Map<String, Set<String>> seen, String label, String options, Object image) {
		Map<String, Object> inputs = new HashMap<>(MacroOptions.parse(options));
		if (image != null) inputs.put("input", image);
		Module module = runner.run(runner.find(label), inputs);
		for (ModuleItem<?> item : module.getInfo().outputs()) {
			Object value = module.getOutput(item.getName());
			if (value == null) continue;
			Set<String> columns = seen.computeIfAbsent(label + "\t" + CommandRunner.outputName(item), k -> new LinkedHashSet<>());
			if (value instanceof ResultsTable) columns.addAll(Arrays.asList(((ResultsTable) value).getHeadings()));
		}
	}

	/** null if the doc's default cell says {@code value}; else what is wrong. */
	static String defaultProblem(Object value, String cell) {
		List<String> codes = codes(cell);
		String doc = codes.isEmpty() ? cell.trim() : codes.get(0);
		boolean none = doc.isEmpty() || doc.equals("—");
		if (value == null || value.toString().isEmpty()) return none ? null : "none, the doc says '" + doc + "' (write —)";
		if (none) return "'" + value + "', the doc says none";
		if (value instanceof Number) {
			try {
				return Double.parseDouble(doc) == ((Number) value).doubleValue() ? null : value + ", the doc says " + doc;
			}
			catch (NumberFormatException e) {
				return value + ", the doc says '" + doc + "'";
			}
		}
		return value.toString().equals(doc) ? null : "'" + value + "', the doc says '" + doc + "'";
	}

	/** The row whose first cell names {@code output}; in a doc name, NN stands for digits and <...> for a word. */
	static List<String> outputRow(Map<String, List<String>> rows, String output) {
		for (Map.Entry<String, List<String>> e : rows.entrySet()) {
			String regex = Arrays.stream(e.getKey().split("((?<=NN)|(?=NN)|(?=<)|(?<=>))"))
				.map(part -> part.equals("NN") ? "\\d+" : part.startsWith("<") && part.endsWith(">") ? "\\S+" : Pattern.quote(part))
				.collect(Collectors.joining());
			if (output.matches(regex)) return e.getValue();
		}
		return null;
	}

	/** The doc's "## " sections by title. */
	static Map<String, String> sections(String doc) {
		Map<String, String> found = new LinkedHashMap<>();
		String[] parts = doc.split("(?m)^## ");
		for (int i = 1; i < parts.length; i++) {
			int eol = parts[i].indexOf('\n');
			found.put(parts[i].substring(0, eol < 0 ? parts[i].length() : eol).trim(), eol < 0 ? "" : parts[i].substring(eol));
		}
		return found;
	}

	/**
	 * The rows of the section's markdown table whose first heading is {@code first}, by the first cell's code
	 * (`key`); each row as its cells.
	 */
	static Map<String, List<String>> table(String section, String first) {
		Map<String, List<String>> rows = new LinkedHashMap<>();
		boolean inside = false;
		for (String line : section.split("\n")) {
			if (!line.startsWith("|")) {
				inside = false;
				continue;
			}
			List<String> cells = cells(line);
			if (!inside) {
				inside = !cells.isEmpty() && cells.get(0).equals(first);
				continue;
			}
			if (cells.get(0).matches("-+")) continue;
			List<String> names = codes(cells.get(0));
			assertFalse(names.isEmpty(), "a row of the " + first + " table without a `name`: " + line);
			rows.put(names.get(0), cells);
		}
		return rows;
	}

	/** A markdown table row's cells; a pipe inside `code` does not split. */
	static List<String> cells(String line) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean code = false;
		for (char c : line.trim().substring(1).toCharArray()) {
			if (c == '`') code = !code;
			if (c == '|' && !code) {
				cells.add(cell.toString().trim());
				cell.setLength(0);
			}
			else cell.append(c);
		}
		if (cell.length() > 0 && !cell.toString().isBlank()) cells.add(cell.toString().trim());
		return cells;
	}

	static List<String> codes(String text) {
		List<String> found = new ArrayList<>();
		Matcher m = CODE.matcher(text);
		while (m.find()) found.add(m.group(1));
		return found;
	}

	@Test
	void aPipeInsideCodeDoesNotSplitACell() {
		assertEquals(List.of("a", "`b|c`", "d"), cells("| a | `b|c` | d |"));
	}
}
