package cnnsandbox.modelfile;

import cnnsandbox.model.Architecture;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.files.TempFiles;

/** Model files as untrusted input (issue 12): every damaged file ends in one line naming the file; nothing crashes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class ModelFileTest {

	Path dir, model;

	/** A small MLP model file (untrained: its weights are PyTorch's initialisation). */
	public static Path smallModel(Path dir) throws IOException {
		LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 100);
		TrainingSettings s = new TrainingSettings(Architecture.MLP);
		s.hidden = 16;
		s.epochs = 0;
		Path file = dir.resolve("small.cnnsandbox.zip");
		ModelFile.save(new Trainer().train(s, train, train, null, null).classifier, file);
		return file;
	}

	@BeforeAll
	void model(@TempDir Path tmp) throws IOException {
		dir = tmp;
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST in " + FashionMnist.DEFAULT_DIR);
		model = smallModel(dir);
	}

	Map<String, byte[]> entries() throws IOException {
		Map<String, byte[]> m = new LinkedHashMap<>();
		try (ZipFile z = new ZipFile(model.toFile())) {
			for (ZipEntry e : java.util.Collections.list(z.entries())) {
				try (InputStream in = z.getInputStream(e)) {
					m.put(e.getName(), in.readAllBytes());
				}
			}
		}
		return m;
	}

	Path zip(String name, Map<String, byte[]> entries) throws IOException {
		Path f = dir.resolve(name);
		try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				z.putNextEntry(new ZipEntry(e.getKey()));
				z.write(e.getValue());
				z.closeEntry();
			}
		}
		return f;
	}

	String failure(Path f) {
		IOException e = assertThrows(IOException.class, () -> ModelFile.load(f));
		assertTrue(e.getMessage().contains(f.toString()) && !e.getMessage().contains("\n"), e.getMessage());
		return e.getMessage();
	}

	@Test
	void anArrayHeaderClaiming2To33FloatsIsRefusedBeforeNd4jAllocates() throws IOException {
		Map<String, byte[]> e = entries();
		ByteBuffer.wrap(e.get("params/fc2_b"), 0x62, 8).putLong(1L << 33); // the crash: SIGSEGV in Nd4j.read
		String m = failure(zip("crafted.zip", e));
		assertTrue(m.contains("fc2_b") && m.contains("8589934592"), m);
	}

	@Test
	void aShapeOtherThanTheArchitecturesIsRefused() throws IOException {
		Map<String, byte[]> e = entries();
		ByteBuffer.wrap(e.get("params/fc1_W"), 0x28, 8).putLong(46340); // fc1_W [784, 16] -> [784, 46340]
		String m = failure(zip("shape.zip", e));
		assertTrue(m.contains("fc1_W") && m.contains("expected [784, 16]"), m);
	}

	@Test
	void dataThatDoesNotMatchItsZipChecksumIsRefused() throws IOException {
		// The case: damaged bytes that still inflate loaded silently (ZipFile checks no CRC) and gave NaN.
		// Here the data are intact and the recorded CRC of fc1_W is wrong, in the local and the central header.
		byte[] b = Files.readAllBytes(model);
		byte[] name = "params/fc1_W".getBytes(StandardCharsets.US_ASCII);
		int local = indexOf(b, name, 0), central = indexOf(b, name, local + 1);
		assertEquals(0x04034b50, ByteBuffer.wrap(b, local - 30, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(), "local header");
		assertEquals(0x02014b50, ByteBuffer.wrap(b, central - 46, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(), "central header");
		b[local - 30 + 14] ^= 0x01;
		b[central - 46 + 16] ^= 0x01;
		Path f = dir.resolve("crc.zip");
		Files.write(f, b);
		String m = failure(f);
		assertTrue(m.contains("fc1_W") && m.contains("CRC"), m);
	}

	@Test
	void flippedCompressedBytesAreReportedAsDamage() throws IOException {
		byte[] b = Files.readAllBytes(model);
		int at = indexOf(b, "params/fc1_W".getBytes(StandardCharsets.US_ASCII), 0) + 100;
		for (int k = 0; k < 64; k++) b[at + k] ^= 0x55;
		Path f = dir.resolve("flipped.zip");
		Files.write(f, b);
		String m = failure(f);
		assertTrue(m.contains("fc1_W") && m.contains("damaged"), m);
	}

	@Test
	void nanOrInfinityInAParameterIsRefused() throws IOException {
		Map<String, byte[]> e = entries();
		byte[] w = e.get("params/fc2_W");
		ByteBuffer.wrap(w, w.length - 8, 4).putFloat(Float.NaN);
		String m = failure(zip("nan.zip", e));
		assertTrue(m.contains("fc2_W") && m.contains("NaN"), m);
	}

	@Test
	void anEntryThatInflatesFarBeyondItsShapeIsCutShort() throws IOException {
		Map<String, byte[]> e = entries();
		e.put("params/fc1_b", new byte[64 << 20]); // 64 MB of zeros compress to ~64 KB
		String m = failure(zip("bomb.zip", e));
		assertTrue(m.contains("fc1_b"), m);
	}

	/** A file written before colour input (no "channels", or "channels": 1) loads as grey; a damaged count is named. */
	@Test
	void aFileWithoutAChannelCountLoadsAsOneChannel() throws IOException {
		String json = new String(entries().get("model.json"), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
		assertTrue(json.contains("\"channels\" : 1,"), "written: " + json.substring(0, 300));
		assertEquals(1, ModelFile.load(model).inputChannels());
		Map<String, byte[]> e = entries();
		e.put("model.json", json.replace("\"channels\" : 1,", "").getBytes(StandardCharsets.UTF_8));
		assertEquals(1, ModelFile.load(zip("old.zip", e)).inputChannels());
		e.put("model.json", json.replace("\"channels\" : 1,", "\"channels\" : 0,").getBytes(StandardCharsets.UTF_8));
		assertTrue(failure(zip("zero.zip", e)).contains("its input has 0 channels, expected 1 to 64"));
		// a channel count the parameters do not fit: the first layer's weights are for one channel
		e.put("model.json", json.replace("\"channels\" : 1,", "\"channels\" : 3,").getBytes(StandardCharsets.UTF_8));
		assertTrue(failure(zip("three.zip", e)).contains("fc1_W"));
	}

	@Test
	void classNamesMustBeOnePerOutputAndPrintable() throws IOException {
		String json = new String(entries().get("model.json"), StandardCharsets.UTF_8);
		String[][] edits = { { "\"T-shirt/top\", \"Trouser\", \"Pullover\", \"Dress\", \"Coat\", \"Sandal\", \"Shirt\",", "" }, // 3 names
			{ "\"T-shirt/top\"", "\"T-shirt\\ntop\"" }, { "\"Trouser\"", "\"Pullover\"" } };
		for (String[] edit : edits) {
			Map<String, byte[]> e = entries();
			String edited = json.replaceAll("\\s+", " ").replace(edit[0], edit[1]);
			assertTrue(!edited.equals(json.replaceAll("\\s+", " ")), "edit applies: " + edit[0]);
			e.put("model.json", edited.getBytes(StandardCharsets.UTF_8));
			String m = failure(zip("names.zip", e));
			assertTrue(m.contains("class name"), m);
		}
	}

	@Test
	void aFifoOrAFolderIsRefusedAtOnce() throws Exception {
		Path fifo = dir.resolve("fifo.zip");
		assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
		String m = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> failure(fifo));
		assertTrue(m.contains("FIFO"), m);
		assertTrue(failure(dir).contains("folder"));
	}

	@Test
	void savingNeverReplacesAFileThatIsNotAModelAndLeavesNoTemporaryFile() throws Exception {
		Classifier c = ModelFile.load(model);
		Path text = dir.resolve("notes.txt");
		Files.writeString(text, "my notes");
		IOException e = assertThrows(IOException.class, () -> ModelFile.save(c, text));
		assertTrue(e.getMessage().contains("not a model file"), e.getMessage());
		assertEquals("my notes", Files.readString(text));
		Path fifo = dir.resolve("save.fifo");
		assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
		assertThrows(IOException.class, () -> ModelFile.save(c, fifo));
		Path saved = dir.resolve("sub/again.cnnsandbox.zip");
		ModelFile.save(c, saved);
		assertEquals(Files.getPosixFilePermissions(Files.createFile(dir.resolve("sub/plain"))), Files.getPosixFilePermissions(saved),
			"a model file follows the umask like any other file");
		try (java.util.stream.Stream<Path> s = Files.list(saved.getParent())) {
			assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary file left");
		}
		assertTrue(TempFiles.live().isEmpty(), TempFiles.live().toString());
	}

	@Test
	void aModelReplacesOnlyAModelOfThisPlugin() throws Exception {
		Classifier c = ModelFile.load(model);
		Path docs = zip("docs.zip", Map.of("word/document.xml", "<w:document/>".getBytes(StandardCharsets.UTF_8)));
		byte[] before = Files.readAllBytes(docs);
		IOException e = assertThrows(IOException.class, () -> ModelFile.save(c, docs));
		assertTrue(e.getMessage().contains(docs.toString()) && e.getMessage().contains("not a model file"), e.getMessage());
		assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(docs)), "the user's zip is untouched");
		Map<String, byte[]> foreignJson = new LinkedHashMap<>();
		foreignJson.put("model.json", "{\"format\": \"something-else\"}".getBytes(StandardCharsets.UTF_8));
		Path other = zip("other.zip", foreignJson);
		assertThrows(IOException.class, () -> ModelFile.save(c, other));
		Path again = dir.resolve("again.zip");
		Files.copy(model, again);
		ModelFile.save(c, again); // an earlier model of ours is replaced
		assertEquals(c.classNames(), ModelFile.load(again).classNames());
	}

	@Test
	void classNamesAreCheckedBeforeTrainingWithTheLoadersRule() throws Exception {
		LabeledImages data = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 20);
		TrainingSettings s = new TrainingSettings(Architecture.MLP);
		s.hidden = 4;
		s.epochs = 1;
		java.util.List<String> good = new java.util.ArrayList<>(FashionMnist.CLASS_NAMES);
		for (String bad : new String[] { "two\nlines", "tab\there", "   ", "x".repeat(101), good.get(0) }) {
			java.util.List<String> names = new java.util.ArrayList<>(good);
			names.set(3, bad);
			LabeledImages d = new LabeledImages(data.rows, data.cols, data.pixels, data.labels, names);
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer().train(s, d, d, null, null),
				"class name '" + bad + "'");
			assertTrue(e.getMessage().contains("class name"), e.getMessage());
			assertTrue(e.getMessage().contains("rename"), "says what to do: " + e.getMessage());
		}
	}

	@Test
	void aZipWithTwoModelJsonEntriesIsRefused() throws Exception {
		Map<String, byte[]> e = entries();
		Map<String, byte[]> twice = new LinkedHashMap<>();
		twice.put("model.jsoX", e.get("model.json")); // renamed below: ZipOutputStream refuses a duplicate name
		twice.putAll(e);
		Path f = zip("twice.zip", twice);
		byte[] b = Files.readAllBytes(f);
		byte[] from = "model.jsoX".getBytes(StandardCharsets.US_ASCII);
		for (int at = 0; (at = indexOfOrMinus(b, from, at)) >= 0; at++) b[at + 9] = 'n';
		Files.write(f, b);
		String m = failure(f);
		assertTrue(m.contains("model.json") && m.contains("twice"), m);
	}

	static int indexOfOrMinus(byte[] hay, byte[] needle, int from) {
		try {
			return indexOf(hay, needle, from);
		} catch (AssertionError e) {
			return -1;
		}
	}

	@Test
	void aModelWhoseLayersNeedMoreMemoryThanThereIsIsRefusedBeforeLoading() throws Exception {
		Map<String, byte[]> e = entries();
		String json = new String(e.get("model.json"), StandardCharsets.UTF_8);
		int at = json.indexOf("\"layerList\" : \"") + "\"layerList\" : \"".length();
		e.put("model.json", (json.substring(0, at) + "relu, ".repeat(170_000) + json.substring(at)).getBytes(StandardCharsets.UTF_8));
		Path f = zip("relus.zip", e);
		String m = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> failure(f));
		assertTrue(m.contains("170003 layers") && m.contains("GB") && m.contains("memory"), m);
	}

	@Test
	void trainingIsRefusedWhenTheActivationsWouldNotFitNamingTheKeyAndTheFigure() throws Exception {
		LabeledImages data = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 100);
		for (String layers : new String[] { "relu, ".repeat(20_000) + "dense 10", "conv 2048 3, conv 2048 3, maxpool 28, dense 10",
			"conv 4096 31, maxpool 28, dense 10" }) {
			TrainingSettings s = new TrainingSettings(Architecture.CUSTOM);
			s.layers = cnnsandbox.model.LayerSpec.parseList(layers);
			s.batchSize = 50;
			s.epochs = 1;
			IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
				() -> assertThrows(IllegalArgumentException.class, () -> new Trainer().train(s, data, data, null, null)));
			assertTrue(e.getMessage().contains("batch_size=50") && e.getMessage().contains("GB") && !e.getMessage().contains("\n"),
				e.getMessage());
		}
	}

	@Test
	void noTestExamplesSaysWhatToChange() throws Exception {
		LabeledImages data = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 20);
		TrainingSettings s = new TrainingSettings(Architecture.MLP);
		s.hidden = 4;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer().train(s, data, data.head(0), null, null));
		assertTrue(e.getMessage().startsWith("no test examples") && e.getMessage().contains("test_fraction"), e.getMessage());
	}

	@Test
	void savingStreamsEachParameterWithoutCopyingItOnTheHeap() throws Exception {
		LabeledImages data = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 50);
		TrainingSettings s = new TrainingSettings(Architecture.MLP);
		s.hidden = 20_000; // 15.9 M parameters, 63 MB
		s.epochs = 0;
		Classifier c = new Trainer().train(s, data, data, null, null).classifier;
		long paramBytes = 4L * (784 * 20_000 + 20_000 + 20_000 * 10 + 10);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
		long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
		ModelFile.write(c, java.io.OutputStream.nullOutputStream());
		long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
		// hidden=100000 lost its training at save: each parameter was copied twice on the heap (item 5)
		assertTrue(allocated < paramBytes / 8, "saving allocated " + (allocated >> 20) + " MB on the heap for " + (paramBytes >> 20)
			+ " MB of parameters");
	}

	static int indexOf(byte[] hay, byte[] needle, int from) {
		outer: for (int i = from; i <= hay.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
			return i;
		}
		throw new AssertionError("not found");
	}
}
