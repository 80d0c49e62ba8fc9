package cnnsandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.modelfile.ModelFileTest;

/**
 * The CLI's outputs are all or nothing and its messages say what is wrong (issue 12 items 5, 8, 9): a failed run
 * leaves the earlier files and no empty folder, files follow the umask, CSV is RFC 4180 with formulas neutralised.
 */
class CliOutputsTest {

	static final String SIGNAL = "sample-images/workshop-signal.tif";
	final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	int cli(String... args) {
		out.reset();
		err.reset();
		return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
	}

	/** The one error line (asserts there is exactly one, and no stack trace). */
	String error(String... args) {
		assertEquals(1, cli(args), String.join(" ", args));
		String e = err.toString(StandardCharsets.UTF_8).trim();
		assertTrue(e.startsWith("Error: ") && !e.contains("\n"), e);
		return e;
	}

	static List<String> files(Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	@Test
	void aFailureAfterTheCommandLeavesTheEarlierOutputs(@TempDir Path dir) throws Exception {
		Files.createDirectories(dir.resolve("Snapshots.tif"));
		Files.writeString(dir.resolve("Deblurred.tif"), "earlier result");
		String e = error("--run", "Deblur Signal", "iterations=11 log_every=5 input=" + SIGNAL, "--output", dir.toString());
		assertTrue(e.contains("Snapshots.tif") && e.contains("folder"), e);
		assertEquals("earlier result", Files.readString(dir.resolve("Deblurred.tif")));
		assertEquals(List.of("Deblurred.tif", "Snapshots.tif"), files(dir), "nothing else written, no temporary file");
	}

	@Test
	void outputsAreCheckedBeforeTrainingSoNoModelIsWrittenForAFailedRun(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
		Files.createDirectories(dir.resolve("Training Log.csv"));
		String e = error("--run", "Train Fashion Classifier", "epochs=1 train_limit=100 test_limit=100 model_file=[" + dir.resolve("m.zip") + "]",
			"--output", dir.toString());
		assertTrue(e.contains("Training Log.csv"), e);
		assertFalse(Files.exists(dir.resolve("m.zip")), "no model written for a failed command");
	}

	@Test
	void aFailedRunLeavesNoEmptyFolderAndAnEmptyOutputIsAnError(@TempDir Path dir) throws Exception {
		error("--run", "Deblur Signal", "sigma=0 input=" + SIGNAL, "--output", dir.resolve("new/sub").toString());
		assertFalse(Files.exists(dir.resolve("new")), "no folder left behind");
		assertTrue(error("--run", "Deblur Signal", "input=" + SIGNAL, "--output", "").contains("--output"));
	}

	@Test
	void outputFilesFollowTheUmask(@TempDir Path dir) throws Exception {
		assertEquals(0, cli("--run", "Deblur Signal", "iterations=11 log_every=5 input=" + SIGNAL, "--output", dir.toString()), err.toString());
		Object expected = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
		for (String f : List.of("Deblur Loss.csv", "Deblur Plot.png", "Deblurred.tif", "Reblurred.tif", "Snapshots.tif"))
			assertEquals(expected, Files.getPosixFilePermissions(dir.resolve(f)), f);
	}

	@Test
	void fileSystemProblemsNameTheFileAndWhatIsWrong(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("file.txt");
		Files.writeString(file, "x");
		String e = error("--run", "Deblur Signal", "iterations=11 input=" + SIGNAL, "--output", file.toString());
		assertTrue(e.contains(file.toString()) && e.contains("is a file, not a folder"), e);
		e = error("--run", "Show Filters", "model_file=[" + dir + "]");
		assertTrue(e.contains("model_file") && e.contains(dir.toString()) && e.contains("folder"), e);
		e = error("--run", "Show Filters", "model_file=[" + file + "]");
		assertTrue(e.contains(file.toString()) && e.contains("not a CNN Sandbox model file"), e);
	}

	@Test
	void aBooleanIsTrueOrFalseOnly(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
		Path model = ModelFileTest.smallModel(dir);
		assertEquals("Error: all_units must be true or false; got 'maybe'",
			error("--run", "Visualize Neuron", "model_file=[" + model + "] mode=neuron all_units=maybe steps=2"));
	}

	@Test
	void classNamesWithCommasQuotesAndFormulasStayInTheirCsvCells(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
		Path model = renamedClasses(ModelFileTest.smallModel(dir), dir.resolve("renamed.zip"), "\"T-shirt/top\"", "\"=HYPERLINK(\\\"x\\\"), top\"");
		Path out = dir.resolve("out");
		assertEquals(0, cli("--run", "Classify Image", "model_file=[" + model + "] input=sample-images/chart-sharp.tif", "--output", out.toString()), err.toString());
		List<List<String>> rows = parse(Files.readString(out.resolve("Class Probabilities.csv")));
		List<String> header = rows.get(0);
		assertTrue(header.contains("'=HYPERLINK(\"x\"), top"), "one cell, neutralised: " + header);
		assertEquals(header.size(), rows.get(1).size(), "every row has as many cells as the header");
		Path threeNames = renamedClasses(model, dir.resolve("three.zip"), "\"Pullover\", \"Dress\", \"Coat\", \"Sandal\", \"Shirt\", \"Sneaker\", \"Bag\",", "");
		String e = error("--run", "Classify Image", "model_file=[" + threeNames + "] top_k=9 input=" + SIGNAL);
		assertTrue(e.contains(threeNames.toString()) && e.contains("class names"), e);
	}

	/** A copy of {@code model} with one edit of its model.json (whitespace normalised first). */
	static Path renamedClasses(Path model, Path copy, String from, String to) throws Exception {
		try (ZipFile z = new ZipFile(model.toFile()); OutputStream o = Files.newOutputStream(copy); ZipOutputStream zo = new ZipOutputStream(o)) {
			for (ZipEntry e : java.util.Collections.list(z.entries())) {
				byte[] b;
				try (InputStream in = z.getInputStream(e)) {
					b = in.readAllBytes();
				}
				if (e.getName().equals("model.json")) {
					String json = new String(b, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
					assertTrue(json.contains(from), from);
					b = json.replace(from, to).getBytes(StandardCharsets.UTF_8);
				}
				zo.putNextEntry(new ZipEntry(e.getName()));
				zo.write(b);
				zo.closeEntry();
			}
		}
		return copy;
	}

	/** RFC 4180, as a spreadsheet reads it. */
	static List<List<String>> parse(String csv) {
		List<List<String>> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < csv.length(); i++) {
			char c = csv.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') { cell.append('"'); i++; }
				else if (c == '"') quoted = false;
				else cell.append(c);
			}
			else if (c == '"') quoted = true;
			else if (c == ',') { row.add(cell.toString()); cell.setLength(0); }
			else if (c == '\n') { row.add(cell.toString()); cell.setLength(0); rows.add(row); row = new ArrayList<>(); }
			else if (c != '\r') cell.append(c);
		}
		if (cell.length() > 0 || !row.isEmpty()) { row.add(cell.toString()); rows.add(row); }
		return rows;
	}

	static final String TRAIN = "epochs=1 hidden=8 train_limit=100 test_limit=100 ";

	/** Mounts a tmpfs of {@code kb} KB on {@code dir} (skips the test unless root can mount). */
	static void smallDisk(Path dir, int kb) throws Exception {
		Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "a full disk is made by mounting a tmpfs: root only");
		Files.createDirectories(dir);
		Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + kb + "k", "tmpfs", dir.toString()).redirectErrorStream(true).start();
		Assumptions.assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here");
	}

	static void unmount(Path dir) throws Exception {
		new ProcessBuilder("umount", dir.toString()).start().waitFor();
	}

	@Test
	void aFullOutputDiskLeavesTheModelAsItWas(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
		Path model = ModelFileTest.smallModel(dir), full = dir.resolve("full");
		byte[] before = Files.readAllBytes(model);
		smallDisk(full, 12);
		try {
			String e = error("--run", "Train Fashion Classifier", TRAIN + "model_file=[" + model + "]", "--output", full.toString());
			assertTrue(e.contains(full.toString()) && e.contains("No space left") && e.contains("free some space"), e);
			assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(model)), "the model is replaced only with every output");
			assertEquals(List.of(model.getFileName().toString()), files(dir).stream().filter(n -> !n.equals("full")).collect(Collectors.toList()));
			assertEquals(List.of(), files(full), "no output, no temporary file");
		}
		finally {
			unmount(full);
		}
	}

	@Test
	void aModelPathThatIsAnOutputOfTheRunIsRefusedBeforeTraining(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
		String e = error("--run", "Train Fashion Classifier", TRAIN + "model_file=[" + dir.resolve("out/Training Log.csv") + "]",
			"--output", dir.resolve("out").toString());
		assertTrue(e.contains("model_file") && e.contains("Training Log.csv") && e.contains("output"), e);
		assertFalse(err.toString(StandardCharsets.UTF_8).contains("Epoch"), "refused before training");
		assertEquals(List.of(), files(dir));
	}

	@Test
	void aModelFileEndingInASlashIsRefusedAndALinkIsWrittenThrough(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
		String e = error("--run", "Train Fashion Classifier", TRAIN + "model_file=" + dir.resolve("newdir") + "/");
		assertTrue(e.contains("model_file") && e.contains("folder"), e);
		assertEquals(List.of(), files(dir));
		Path real = ModelFileTest.smallModel(dir), link = dir.resolve("link.zip");
		Files.createSymbolicLink(link, real.getFileName());
		byte[] before = Files.readAllBytes(real);
		// (the log says "Saved the model through the link LINK to FILE")
		assertEquals(0, cli("--run", "Train Fashion Classifier", TRAIN + "model_file=" + link), err.toString(StandardCharsets.UTF_8));
		assertTrue(Files.isSymbolicLink(link), "the link stays a link");
		assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(real)), "the model was written through the link");
	}
}
