package cnnsandbox.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.ij1.ImagePlusAdapter;
import cnnsandbox.model.Architecture;
import cnnsandbox.training.Classifier;
import cnnsandbox.modelfile.ModelFile;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingSettings;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

/**
 * The fuzz run of {@code HostileInputsIT}, in its own small-heap JVM: seeded mutations of model files, IDX files,
 * TIFFs and option strings, each read by the code a user's file reaches (ModelFile, FashionMnist, the CLI's image
 * opener, the CLI itself). A case passes when it ends in a correct result or in one line that is an
 * IOException/IllegalArgumentException message (the CLI: status 1 and one {@code Error:} line), with no stack trace
 * on the console. A case that hangs ends the run (exit 3). Prints {@code CASE}, {@code OK}/{@code ERROR}/{@code BAD}
 * lines and a {@code SUMMARY}.
 * <p>
 * Replay: {@code java -Xmx512m -cp ... cnnsandbox.cli.HostileInputs SEED DIR [FIRST_CASE]}.
 */
public final class HostileInputs {

	static final long[] LONGS = { 0, -1, 1, 2, 3, 10, 1L << 31, (1L << 31) - 1, 1L << 32, 1L << 33, Long.MAX_VALUE, Long.MIN_VALUE, 2_700_000, 46340 };
	static final int[] INTS = { 0, -1, 1, 2, 27, 28, 29, 46340, 65536, 65537, 2_700_000, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x803, 0x801 };

	final Random rng;
	final Path dir;
	final PrintStream report;
	final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "case");
		t.setDaemon(true);
		return t;
	});
	Path mlp, cnn, idxPlain, idxGz, tiffDir, classDir, docsZip, fullDisk;
	int cases, ok, errors, bad, skipped;

	HostileInputs(long seed, Path dir, PrintStream report) {
		this.rng = new Random(seed);
		this.dir = dir;
		this.report = report;
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		long seed = Long.parseLong(args[0]);
		Path dir = Paths.get(args[1]);
		PrintStream report = System.out;
		HostileInputs h = new HostileInputs(seed, dir, report);
		h.fixtures();
		try {
			h.run(args.length > 2 ? Integer.parseInt(args[2]) : 0);
		}
		finally {
			h.unmount();
		}
		report.println("SUMMARY cases=" + h.cases + " ok=" + h.ok + " errors=" + h.errors + " bad=" + h.bad + " skipped=" + h.skipped);
		report.flush();
		System.exit(h.bad == 0 ? 0 : 2);
	}

	// -- Fixtures --

	void fixtures() throws IOException {
		Files.createDirectories(dir);
		LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 300);
		LabeledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 100);
		TrainingSettings s = new TrainingSettings(Architecture.MLP);
		s.hidden = 16;
		s.epochs = 1;
		s.batchSize = 50;
		mlp = dir.resolve("base-mlp.zip");
		ModelFile.save(new Trainer().train(s, train, test, null, null).classifier, mlp);
		TrainingSettings c = new TrainingSettings(Architecture.CNN);
		c.epochs = 0;
		cnn = dir.resolve("base-cnn.zip");
		ModelFile.save(new Trainer().train(c, train, test, null, null).classifier, cnn);
		idxPlain = dir.resolve("idx-plain");
		idxGz = dir.resolve("idx-gz");
		for (Path d : new Path[] { idxPlain, idxGz }) {
			Files.createDirectories(d);
			boolean gz = d == idxGz;
			writeIdx(d, "train", train, gz);
			writeIdx(d, "t10k", test, gz);
		}
		tiffDir = dir.resolve("tiffs");
		Files.createDirectories(tiffDir);
		ByteProcessor b = new ByteProcessor(40, 30);
		for (int i = 0; i < 40 * 30; i++) b.set(i, (i * 7) % 256);
		new FileSaver(new ImagePlus("b", b)).saveAsTiff(tiffDir.resolve("8bit.tif").toString());
		ShortProcessor sp = new ShortProcessor(33, 28);
		for (int i = 0; i < 33 * 28; i++) sp.set(i, i * 13);
		new FileSaver(new ImagePlus("s", sp)).saveAsTiff(tiffDir.resolve("16bit.tif").toString());
		FloatProcessor fp = new FloatProcessor(28, 28);
		for (int i = 0; i < 28 * 28; i++) fp.setf(i, (float) Math.sin(i));
		new FileSaver(new ImagePlus("f", fp)).saveAsTiff(tiffDir.resolve("float.tif").toString());
		ByteProcessor pal = (ByteProcessor) b.duplicate();
		byte[] r = new byte[256], g = new byte[256], bl = new byte[256];
		for (int i = 0; i < 256; i++) { r[i] = (byte) (255 - i); g[i] = (byte) (i * 3); bl[i] = (byte) i; }
		pal.setColorModel(new java.awt.image.IndexColorModel(8, 256, r, g, bl));
		new FileSaver(new ImagePlus("p", pal)).saveAsTiff(tiffDir.resolve("palette.tif").toString());
		ImageStack st = new ImageStack(28, 28);
		for (int k = 0; k < 3; k++) st.addSlice(new FloatProcessor(28, 28, test.image(k)));
		new FileSaver(new ImagePlus("st", st)).saveAsTiffStack(tiffDir.resolve("stack.tif").toString());
		classDir = dir.resolve("classes");
		cnnsandbox.data.FashionFolders.write(classDir, 3, 6);
		docsZip = dir.resolve("docs.zip");
		zip(docsZip, Map.of("word/document.xml", "<w:document/>".getBytes(StandardCharsets.UTF_8)), null);
		fullDisk = fullDisk(dir.resolve("full"));
	}

	/** A 16 KB tmpfs (a full disk for any output) where root may mount one; null elsewhere (those cases are skipped). */
	static Path fullDisk(Path mount) throws IOException {
		if (!"root".equals(System.getProperty("user.name"))) return null;
		Files.createDirectories(mount);
		try {
			Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", mount.toString()).redirectErrorStream(true).start();
			return p.waitFor() == 0 ? mount : null;
		}
		catch (InterruptedException e) {
			return null;
		}
	}

	/** Unmounts the full disk (also done by HostileInputsIT if this JVM dies). */
	void unmount() throws Exception {
		if (fullDisk != null) new ProcessBuilder("umount", fullDisk.toString()).start().waitFor();
	}

	static void writeIdx(Path d, String prefix, LabeledImages data, boolean gz) throws IOException {
		ByteBuffer img = ByteBuffer.allocate(16 + data.n * 784);
		img.putInt(0x803).putInt(data.n).putInt(28).putInt(28);
		for (int i = 0; i < data.n; i++) for (float v : data.image(i)) img.put((byte) Math.round(v * 255));
		ByteBuffer lab = ByteBuffer.allocate(8 + data.n);
		lab.putInt(0x801).putInt(data.n);
		for (int i = 0; i < data.n; i++) lab.put((byte) data.labels[i]);
		write(d.resolve(prefix + "-images-idx3-ubyte" + (gz ? ".gz" : "")), img.array(), gz);
		write(d.resolve(prefix + "-labels-idx1-ubyte" + (gz ? ".gz" : "")), lab.array(), gz);
	}

	static void write(Path file, byte[] bytes, boolean gz) throws IOException {
		if (!gz) {
			Files.write(file, bytes);
			return;
		}
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
			out.write(bytes);
		}
	}

	// -- Cases --

	interface Case {
		/** Returns a description of the correct result, or throws the one-line error. */
		String run() throws Exception;
	}

	void run(int first) throws Exception {
		// model zips, IDX folders, TIFFs, option strings; then (issue 24) class folders, memory, full disks,
		// colliding paths, repeated keys and odd numbers
		int[] plan = { 90, 60, 60, 45, 50, 30, 12, 24, 45 };
		int index = 0;
		for (int kind = 0; kind < plan.length; kind++) {
			for (int i = 0; i < plan[kind]; i++, index++) {
				Path work = dir.resolve("case-" + index);
				Files.createDirectories(work);
				String[] what = new String[1];
				Case c;
				switch (kind) {
					case 0: c = modelCase(work, what); break;
					case 1: c = idxCase(work, what); break;
					case 2: c = tiffCase(work, what); break;
					case 3: c = optionCase(work, what); break;
					case 4: c = folderCase(work, what); break;
					case 5: c = memoryCase(work, what); break;
					case 6: c = fullDiskCase(work, what, index); break;
					case 7: c = collisionCase(work, what); break;
					default: c = strictOptionCase(work, what);
				}
				if (index < first) continue;
				if (c == null) {
					skipped++;
					report.println("SKIP " + index + " " + what[0]);
					continue;
				}
				check(index, what[0], c);
			}
		}
	}

	void check(int index, String what, Case c) {
		cases++;
		report.println("CASE " + index + " " + what);
		ByteArrayOutputStream console = new ByteArrayOutputStream();
		PrintStream out = System.out, err = System.err;
		PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
		String verdict;
		System.setOut(capture);
		System.setErr(capture);
		try {
			Future<String> f = worker.submit(c::run);
			String result;
			try {
				result = f.get(60, TimeUnit.SECONDS);
				verdict = "OK " + result;
			}
			catch (java.util.concurrent.ExecutionException e) {
				Throwable t = e.getCause();
				String m = t.getMessage();
				if ((t instanceof IOException || t instanceof IllegalArgumentException) && m != null && !m.isBlank() && !m.contains("\n"))
					verdict = "ERROR " + m;
				else verdict = "BAD " + stackTrace(t);
			}
			catch (TimeoutException e) {
				System.setOut(out);
				System.setErr(err);
				report.println("BAD " + index + " hang: no result after 60 s");
				report.flush();
				System.exit(3);
				return;
			}
		}
		catch (InterruptedException e) {
			verdict = "BAD interrupted";
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
		String printed = console.toString(StandardCharsets.UTF_8);
		if (printed.contains("\tat ") || printed.contains("Exception in thread")) verdict = "BAD stack trace printed: " + printed;
		if (verdict.startsWith("OK")) ok++;
		else if (verdict.startsWith("ERROR")) errors++;
		else bad++;
		report.println(verdict.substring(0, verdict.indexOf(' ')) + " " + index + verdict.substring(verdict.indexOf(' ')));
		report.flush();
	}

	static String stackTrace(Throwable t) {
		java.io.StringWriter w = new java.io.StringWriter();
		t.printStackTrace(new java.io.PrintWriter(w));
		return w.toString();
	}

	// -- Model files --

	Case modelCase(Path work, String[] what) throws IOException {
		Path base = rng.nextInt(4) == 0 ? cnn : mlp;
		Path file = work.resolve("model.zip");
		Map<String, byte[]> entries = entries(base);
		int kind = rng.nextInt(12);
		switch (kind) {
			case 0: { // bytes of the archive flipped
				byte[] b = Files.readAllBytes(base);
				int n = 1 + rng.nextInt(64), at = rng.nextInt(b.length - n);
				for (int k = 0; k < n; k++) b[at + k] ^= (byte) (1 + rng.nextInt(255));
				Files.write(file, b);
				what[0] = "model: " + n + " bytes flipped at " + at;
				break;
			}
			case 1: { // truncated
				byte[] b = Files.readAllBytes(base);
				int len = rng.nextInt(b.length);
				Files.write(file, Arrays.copyOf(b, len));
				what[0] = "model: truncated to " + len + " bytes";
				break;
			}
			case 2: case 3: case 4: { // a field of a parameter's header
				String name = pick(paramNames(entries));
				byte[] e = entries.get(name).clone();
				long len = ByteBuffer.wrap(e, 0x12, 8).getLong();
				int[] offsets = { 0x12, 0x20, 0x28, 0x30, (int) (0x20 + 8 * len + 18) };
				int off = offsets[rng.nextInt(offsets.length)];
				long v = LONGS[rng.nextInt(LONGS.length)];
				ByteBuffer.wrap(e, off, 8).putLong(v);
				entries.put(name, e);
				zip(file, entries, null);
				what[0] = "model: " + name + " long at 0x" + Integer.toHexString(off) + " := " + v;
				break;
			}
			case 5: { // NaN or infinity among the values
				String name = pick(paramNames(entries));
				byte[] e = entries.get(name).clone();
				int at = e.length - 4 * (1 + rng.nextInt(4));
				float v = new float[] { Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY }[rng.nextInt(3)];
				ByteBuffer.wrap(e, at, 4).putFloat(v);
				entries.put(name, e);
				zip(file, entries, null);
				what[0] = "model: " + name + " value at " + at + " := " + v;
				break;
			}
			case 6: case 7: { // model.json edited
				String json = new String(entries.get("model.json"), StandardCharsets.UTF_8);
				String[][] edits = {
					{ "\"hidden\" : 16", "\"hidden\" : 0" }, { "\"hidden\" : 16", "\"hidden\" : 2147483647" },
					{ "\"hidden\" : 16", "\"hidden\" : 100000" }, { "\"hidden\" : 16", "\"hidden\" : -3" },
					{ "\"architecture\" : \"", "\"architecture\" : \"R" }, { "\"formatVersion\" : 1", "\"formatVersion\" : 2" },
					{ "\"classNames\" : [ \"T-shirt/top\", \"Trouser\", \"Pullover\",", "\"classNames\" : [" },
					{ "\"T-shirt/top\"", "\"T-shirt,\\ntop\"" }, { "\"T-shirt/top\"", "\"=HYPERLINK(1)\"" },
					{ "\"Trouser\"", "\"Pullover\"" }, { "\"Trouser\"", "\"\"" }, { "\"T-shirt/top\"", "\"a\\\"b, c\"" },
					{ "{", "[" }, { "\"format\"", "\"fmt\"" }, { "\"epochs\" : [", "\"epochs\" : 3, \"x\" : [" },
					{ "\"classNames\" : [", "\"classNames\" : [ \"extra\"," } };
				String[] edit = edits[rng.nextInt(edits.length)];
				entries.put("model.json", json.replace(edit[0], edit[1]).getBytes(StandardCharsets.UTF_8));
				zip(file, entries, null);
				what[0] = "model: model.json " + edit[0] + " -> " + edit[1];
				break;
			}
			case 8: { // an entry inflating to far more than it should
				String name = pick(paramNames(entries));
				zip(file, entries, name);
				what[0] = "model: " + name + " inflates to 64 MB";
				break;
			}
			case 9: { // an entry missing, renamed or empty
				String name = pick(new ArrayList<>(entries.keySet()));
				int how = rng.nextInt(3);
				byte[] e = entries.remove(name);
				if (how == 1) entries.put(name + "x", e);
				if (how == 2) entries.put(name, new byte[0]);
				zip(file, entries, null);
				what[0] = "model: entry " + name + (how == 0 ? " removed" : how == 1 ? " renamed" : " emptied");
				break;
			}
			case 10: { // not a regular file
				int how = rng.nextInt(4);
				if (how == 0) Files.createDirectory(file);
				if (how == 1) mkfifo(file);
				if (how == 2) Files.write(file, new byte[0]);
				if (how == 3) file = Paths.get("/dev/zero");
				what[0] = "model: " + (how == 0 ? "a folder" : how == 1 ? "a FIFO" : how == 2 ? "empty" : "/dev/zero");
				break;
			}
			default: { // untouched: must load and give finite probabilities
				Files.copy(base, file);
				what[0] = "model: intact " + base.getFileName();
			}
		}
		Path f = file;
		return () -> {
			Classifier m = ModelFile.load(f);
			INDArray p = m.probabilities(Nd4j.rand(2, 1, 28, 28));
			for (double v : p.data().asDouble()) if (!Double.isFinite(v)) throw new AssertionError("loaded, but probabilities are " + v);
			return "loaded " + m.architecture() + ", probabilities finite";
		};
	}

	static Map<String, byte[]> entries(Path zipFile) throws IOException {
		Map<String, byte[]> m = new LinkedHashMap<>();
		try (ZipFile z = new ZipFile(zipFile.toFile())) {
			for (ZipEntry e : java.util.Collections.list(z.entries())) {
				try (InputStream in = z.getInputStream(e)) {
					m.put(e.getName(), in.readAllBytes());
				}
			}
		}
		return m;
	}

	List<String> paramNames(Map<String, byte[]> entries) {
		List<String> names = new ArrayList<>();
		for (String n : entries.keySet()) if (n.startsWith("params/")) names.add(n);
		return names;
	}

	/** Writes the entries as a zip; {@code bomb} (if not null) is written as 64 MB of zeros instead. */
	static void zip(Path file, Map<String, byte[]> entries, String bomb) throws IOException {
		try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
			for (Map.Entry<String, byte[]> e : entries.entrySet()) {
				z.putNextEntry(new ZipEntry(e.getKey()));
				if (e.getKey().equals(bomb)) {
					byte[] zeros = new byte[1 << 20];
					for (int k = 0; k < 64; k++) z.write(zeros);
				}
				else z.write(e.getValue());
				z.closeEntry();
			}
		}
	}

	<T> T pick(List<T> list) {
		return list.get(rng.nextInt(list.size()));
	}

	static void mkfifo(Path p) throws IOException {
		try {
			if (new ProcessBuilder("mkfifo", p.toString()).start().waitFor() != 0) throw new IOException("mkfifo failed");
		}
		catch (InterruptedException e) {
			throw new IOException(e);
		}
	}

	// -- IDX folders --

	Case idxCase(Path work, String[] what) throws IOException {
		boolean gz = rng.nextBoolean();
		Path base = gz ? idxGz : idxPlain;
		for (Path f : Files.list(base).toArray(Path[]::new)) Files.copy(f, work.resolve(f.getFileName()));
		String[] names = { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" };
		String name = names[rng.nextInt(names.length)] + (gz ? ".gz" : "");
		Path file = work.resolve(name);
		byte[] raw = gz ? gunzip(file) : Files.readAllBytes(file);
		int kind = rng.nextInt(6);
		switch (kind) {
			case 0: case 1: { // a header field
				int off = 4 * rng.nextInt(name.contains("images") ? 4 : 2);
				int v = INTS[rng.nextInt(INTS.length)];
				ByteBuffer.wrap(raw, off, 4).putInt(v);
				if (rng.nextInt(3) == 0) raw = Arrays.copyOf(raw, off + 4 + rng.nextInt(64)); // the 16-byte file claiming millions
				write(file, raw, gz);
				what[0] = "idx: " + name + " int at " + off + " := " + v + ", " + raw.length + " bytes";
				break;
			}
			case 2: { // truncated
				int len = rng.nextInt(raw.length);
				write(file, Arrays.copyOf(raw, len), gz);
				what[0] = "idx: " + name + " truncated to " + len;
				break;
			}
			case 3: { // bytes flipped in the (compressed) file
				byte[] b = Files.readAllBytes(file);
				int n = 1 + rng.nextInt(64), at = 16 + rng.nextInt(Math.max(1, b.length - n - 16));
				for (int k = 0; k < n && at + k < b.length; k++) b[at + k] ^= (byte) (1 + rng.nextInt(255));
				Files.write(file, b);
				what[0] = "idx: " + name + " " + n + " bytes flipped at " + at;
				break;
			}
			case 4: { // not a regular file
				Files.delete(file);
				int how = rng.nextInt(2);
				if (how == 0) mkfifo(file);
				else Files.createDirectory(file);
				what[0] = "idx: " + name + (how == 0 ? " is a FIFO" : " is a folder");
				break;
			}
			default:
				what[0] = "idx: intact " + (gz ? "gz" : "plain");
		}
		int limit = new int[] { 0, 50, 300, 100000 }[rng.nextInt(4)];
		what[0] += ", limit " + limit;
		return () -> {
			LabeledImages train = FashionMnist.load(work, true, limit);
			LabeledImages test = FashionMnist.load(work, false, limit);
			return train.n + " + " + test.n + " images";
		};
	}

	static byte[] gunzip(Path file) throws IOException {
		try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
			return in.readAllBytes();
		}
	}

	// -- TIFFs --

	Case tiffCase(Path work, String[] what) throws IOException {
		String[] bases = { "8bit.tif", "16bit.tif", "float.tif", "palette.tif", "stack.tif" };
		String baseName = bases[rng.nextInt(bases.length)];
		byte[] b = Files.readAllBytes(tiffDir.resolve(baseName));
		Path file = work.resolve("image.tif");
		int kind = rng.nextInt(5);
		switch (kind) {
			case 0: case 1: { // a tag's value: width, height, bits, strip offset or byte count, samples
				ByteBuffer buf = ByteBuffer.wrap(b).order(b[0] == 'I' ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
				int ifd = buf.getInt(4), n = buf.getShort(ifd) & 0xffff;
				int[] tags = { 256, 257, 258, 273, 279, 277, 262 };
				int tag = tags[rng.nextInt(tags.length)];
				long v = new long[] { 0, 1, 50000, 46340, 100000, 65535, 0xffffffffL, 3, 16, 64 }[rng.nextInt(10)];
				for (int k = 0; k < n; k++) {
					int at = ifd + 2 + 12 * k;
					if ((buf.getShort(at) & 0xffff) != tag) continue;
					int type = buf.getShort(at + 2);
					if (type == 3) buf.putShort(at + 8, (short) v);
					else buf.putInt(at + 8, (int) v);
				}
				Files.write(file, b);
				what[0] = "tiff: " + baseName + " tag " + tag + " := " + v;
				break;
			}
			case 2: {
				int len = rng.nextInt(b.length);
				Files.write(file, Arrays.copyOf(b, len));
				what[0] = "tiff: " + baseName + " truncated to " + len;
				break;
			}
			case 3: {
				int n = 1 + rng.nextInt(32), at = rng.nextInt(b.length - n);
				for (int k = 0; k < n; k++) b[at + k] ^= (byte) (1 + rng.nextInt(255));
				Files.write(file, b);
				what[0] = "tiff: " + baseName + " " + n + " bytes flipped at " + at;
				break;
			}
			default:
				Files.write(file, b);
				what[0] = "tiff: intact " + baseName;
		}
		return () -> {
			ImagePlus imp = ImageFiles.open(file.toString());
			ImagePlusAdapter.wrap(imp);
			return imp.getWidth() + " x " + imp.getHeight() + " x " + imp.getStackSize() + ", type " + imp.getType();
		};
	}

	// -- Option strings, through the whole CLI --

	Case optionCase(Path work, String[] what) {
		String[] hostile = { "", "maybe", "-1", "0", "2000000000", "1e309", "NaN", "[unclosed", "a=b", "true", "false", "64", "65",
			"3", "[ spaced ]", "é", "=", "[]", "-0", "9999999999" };
		String[][] commands = {
			{ "Show Filters", "magnification" },
			{ "Visualize Neuron", "steps", "all_units", "unit", "layer", "target_class", "learning_rate", "mode", "regularizer" },
			{ "Classify Image", "top_k", "invert" },
			{ "Deblur Signal", "sigma", "metric", "epsilon", "log_every", "start", "momentum", "pixel_width" } };
		String[] cmd = commands[rng.nextInt(commands.length)];
		StringBuilder options = new StringBuilder(cmd[0].equals("Deblur Signal") ? "iterations=3 input=" + tiffDir.resolve("8bit.tif")
			: "model_file=[" + mlp + "]" + (cmd[0].equals("Classify Image") ? " input=" + tiffDir.resolve("stack.tif") : ""));
		if (cmd[0].equals("Visualize Neuron")) options.append(" steps=3");
		int n = 1 + rng.nextInt(3);
		for (int k = 0; k < n; k++) {
			String key = rng.nextInt(8) == 0 ? "bogus_key" : cmd[1 + rng.nextInt(cmd.length - 1)];
			String value = hostile[rng.nextInt(hostile.length)];
			options.append(' ').append(key);
			if (!(value.equals("true") && rng.nextBoolean())) options.append('=').append(value);
		}
		String[] args = rng.nextInt(5) == 0 ? new String[] { "--run", cmd[0], options.toString(), "--output", rng.nextBoolean() ? "" : work.resolve("o").toString() }
			: new String[] { "--run", cmd[0], options.toString(), "--output", work.resolve("out").toString() };
		what[0] = "cli: " + String.join(" | ", args);
		return () -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
			int status = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
			String e = err.toString(StandardCharsets.UTF_8).trim();
			if (status == 0 && e.isEmpty()) return "status 0";
			if (status != 1 || !e.startsWith("Error: ") || e.contains("\n")) throw new AssertionError("status " + status + ", stderr: " + e);
			if (Files.exists(work.resolve("out")) || Files.exists(work.resolve("o"))) throw new AssertionError("failed, but left an output folder: " + e);
			throw new IllegalArgumentException(e);
		};
	}

	// -- Issue 24: class folders, memory, full disks, colliding paths, strict options --

	/** Runs the CLI; status 0 is a pass unless {@code mustRefuse}; a refusal must be one line and leave no output folder. */
	static Case cli(String[] args, Path work, boolean mustRefuse, Case after) {
		return () -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
			int status = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
			String e = err.toString(StandardCharsets.UTF_8).trim();
			if (after != null) after.run();
			if (status == 0 && e.isEmpty()) {
				if (mustRefuse) throw new AssertionError("accepted silently: " + String.join(" | ", args));
				return "status 0";
			}
			if (status != 1 || !e.startsWith("Error: ") || e.contains("\n")) throw new AssertionError("status " + status + ", stderr: " + e);
			if (Files.exists(work.resolve("out"))) throw new AssertionError("failed, but left an output folder: " + e);
			throw new IllegalArgumentException(e);
		};
	}

	static final String TRAIN = "epochs=1 hidden=8 batch_size=20 train_limit=60 test_limit=30 ";

	Case folderCase(Path work, String[] what) throws IOException {
		Path data = work.resolve("data");
		List<String> names = new ArrayList<>();
		try (java.util.stream.Stream<Path> st = Files.list(classDir)) {
			for (Path c : st.sorted().toArray(Path[]::new)) {
				names.add(c.getFileName().toString());
				Files.createDirectories(data.resolve(c.getFileName().toString()));
				try (java.util.stream.Stream<Path> fs = Files.list(c)) {
					for (Path f : fs.toArray(Path[]::new)) Files.copy(f, data.resolve(c.getFileName().toString()).resolve(f.getFileName().toString()));
				}
			}
		}
		Path cls = data.resolve(pick(names));
		boolean mustRefuse = true;
		int kind = rng.nextInt(8);
		switch (kind) {
			case 0: case 1: { // a decompression bomb: a small PNG or JPEG declaring a huge size
				String format = kind == 0 ? "png" : "jpg";
				int side = new int[] { 20000, 40000, 65000 }[rng.nextInt(3)];
				cnnsandbox.data.DatasetTest.bomb(cls.resolve("bomb." + format), format, side);
				what[0] = "folder: " + format + " declaring " + side + " x " + side;
				break;
			}
			case 2: { // a class name the model file could not hold
				String bad = new String[] { "two\nlines", "tab\there", "   ", "x".repeat(101), "bell\u0007" }[rng.nextInt(5)];
				Files.move(cls, data.resolve(bad));
				what[0] = "folder: class named '" + bad.replace("\n", "\\n").replace("\t", "\\t") + "'";
				break;
			}
			case 3: { // a truncated JPEG, GIF or BMP
				String format = new String[] { "jpg", "gif", "bmp" }[rng.nextInt(3)];
				Path whole = work.resolve("whole." + format);
				javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), format, whole.toFile());
				byte[] b = Files.readAllBytes(whole);
				int len = b.length / 4 + rng.nextInt(b.length / 2);
				Files.write(cls.resolve("cut." + format), Arrays.copyOf(b, len));
				what[0] = "folder: " + format + " truncated to " + len + " of " + b.length + " bytes";
				break;
			}
			case 4: { // special files among the images: skipped, never opened
				int how = rng.nextInt(3);
				if (how == 0) mkfifo(cls.resolve("fifo.png"));
				if (how == 1) Files.createSymbolicLink(cls.resolve("zero.png"), Paths.get("/dev/zero"));
				if (how == 2) Files.createDirectory(cls.resolve("folder.png"));
				mustRefuse = false;
				what[0] = "folder: " + new String[] { "a FIFO", "a link to /dev/zero", "a folder" }[how] + " named like an image";
				break;
			}
			case 5: { // an IDX folder whose classes.txt is special, too large, not UTF-8 or has a repeated name
				for (Path f : Files.list(idxPlain).toArray(Path[]::new)) Files.copy(f, work.resolve("idx-" + f.getFileName()));
				data = work.resolve("idx");
				Files.createDirectories(data);
				for (Path f : Files.list(idxPlain).toArray(Path[]::new)) Files.move(work.resolve("idx-" + f.getFileName()), data.resolve(f.getFileName()));
				Path classes = data.resolve("classes.txt");
				int how = rng.nextInt(5);
				if (how == 0) mkfifo(classes);
				if (how == 1) Files.createSymbolicLink(classes, Paths.get("/dev/zero"));
				if (how == 2) Files.write(classes, new byte[300 << 10]);
				if (how == 3) Files.write(classes, "caf\u00e9\nb\nc\nd\ne\nf\ng\nh\ni\nj\n".getBytes(StandardCharsets.ISO_8859_1));
				if (how == 4) Files.writeString(classes, "a\nb\nc\nd\ne\nf\ng\nh\ni\na\n");
				what[0] = "folder: IDX classes.txt " + new String[] { "a FIFO", "-> /dev/zero", "of 300 KB", "in Latin-1", "naming 'a' twice" }[how];
				break;
			}
			default:
				mustRefuse = false;
				what[0] = "folder: intact";
		}
		return cli(new String[] { "--run", "Train Fashion Classifier", TRAIN + "input_size=28 data_dir=[" + data + "]", "--output",
			work.resolve("out").toString() }, work, mustRefuse, null);
	}

	Case memoryCase(Path work, String[] what) throws IOException {
		String[] lists = { "relu, ".repeat(20000) + "dense 10", "conv 2048 3, conv 2048 3, maxpool 28, dense 10",
			"conv 4096 31, maxpool 28, dense 10", "dense 100000, relu, dense 10", "conv 512 31, conv 512 31, maxpool 28, dense 10",
			"relu, ".repeat(3000) + "dense 10" };
		int kind = rng.nextInt(lists.length + 1);
		if (kind == lists.length) { // a model file whose model.json holds a long list of relus (a few KB zipped)
			Map<String, byte[]> entries = entries(mlp);
			String json = new String(entries.get("model.json"), StandardCharsets.UTF_8);
			int n = new int[] { 20000, 170000 }[rng.nextInt(2)];
			int at = json.indexOf("\"layerList\" : \"") + "\"layerList\" : \"".length();
			entries.put("model.json", (json.substring(0, at) + "relu, ".repeat(n) + json.substring(at)).getBytes(StandardCharsets.UTF_8));
			Path file = work.resolve("relus.zip");
			zip(file, entries, null);
			what[0] = "memory: model file with " + n + " relu layers, to Classify Image";
			return cli(new String[] { "--run", "Classify Image", "model_file=[" + file + "] input=" + tiffDir.resolve("stack.tif"), "--output",
				work.resolve("out").toString() }, work, true, null);
		}
		int batch = new int[] { 50, 64, 256 }[rng.nextInt(3)];
		String list = lists[kind];
		what[0] = "memory: layers [" + (list.length() > 60 ? list.substring(0, 60) + "... (" + list.length() + " chars)" : list) + "] batch_size=" + batch;
		return cli(new String[] { "--run", "Train Fashion Classifier", "model=Custom layers=[" + list + "] epochs=1 batch_size=" + batch
			+ " train_limit=100 test_limit=50 data_dir=[" + idxPlain + "]", "--output", work.resolve("out").toString() }, work, true, null);
	}

	Case fullDiskCase(Path work, String[] what, int index) throws IOException {
		what[0] = "full disk: training with --output on a 16 KB tmpfs, model_file beside it";
		if (fullDisk == null) {
			what[0] += " (skipped: not root, or no tmpfs)";
			return null;
		}
		Path model = work.resolve("m.zip");
		Files.copy(mlp, model);
		byte[] before = Files.readAllBytes(model);
		Path out = fullDisk.resolve("case-" + index);
		String saves = rng.nextBoolean() ? "model_file=[" + model + "] " : "";
		return cli(new String[] { "--run", "Train Fashion Classifier", TRAIN + saves + "data_dir=[" + idxPlain + "]", "--output", out.toString() },
			work, true, () -> {
				if (!Arrays.equals(before, Files.readAllBytes(model))) throw new AssertionError("the model was replaced by a failed run");
				if (Files.exists(out)) throw new AssertionError("a failed run left " + out);
				try (java.util.stream.Stream<Path> st = Files.list(work)) {
					if (st.anyMatch(f -> f.getFileName().toString().startsWith("."))) throw new AssertionError("a temporary file was left in " + work);
				}
				return null;
			});
	}

	Case collisionCase(Path work, String[] what) throws IOException {
		Path model = work.resolve("m.zip"), docs = work.resolve("docs.zip"), out = work.resolve("out");
		Files.copy(mlp, model);
		Files.copy(docsZip, docs);
		byte[] modelBytes = Files.readAllBytes(model), docsBytes = Files.readAllBytes(docs);
		Case unchanged = () -> {
			if (!Arrays.equals(modelBytes, Files.readAllBytes(model)) || !Arrays.equals(docsBytes, Files.readAllBytes(docs)))
				throw new AssertionError("a file it must not replace was replaced");
			return null;
		};
		String train = TRAIN + "data_dir=[" + idxPlain + "] ";
		int kind = rng.nextInt(6);
		switch (kind) {
			case 0:
				what[0] = "collision: model_file is an output of the run";
				return cli(new String[] { "--run", "Train Fashion Classifier", train + "model_file=[" + out.resolve(pick(List.of("Training Log.csv",
					"Confusion Matrix.csv", "Misclassified.tif", "Training Plot.png"))) + "]", "--output", out.toString() }, work, true, unchanged);
			case 1:
				what[0] = "collision: model_file is a user's zip";
				return cli(new String[] { "--run", "Train Fashion Classifier", train + "model_file=[" + docs + "]" }, work, true, unchanged);
			case 2:
				what[0] = "collision: model_file ends in '/'";
				return cli(new String[] { "--run", "Train Fashion Classifier", train + "model_file=" + work.resolve("newdir") + "/" }, work, true,
					() -> {
						if (Files.exists(work.resolve("newdir"))) throw new AssertionError("wrote newdir");
						return null;
					});
			case 3: {
				Path link = work.resolve("link.zip");
				Files.createSymbolicLink(link, model.getFileName());
				what[0] = "collision: model_file is a link to a model";
				return cli(new String[] { "--run", "Train Fashion Classifier", train + "model_file=[" + link + "]" }, work, false, () -> {
					if (!Files.isSymbolicLink(link)) throw new AssertionError("the link was replaced by a file");
					ModelFile.load(model);
					return null;
				});
			}
			case 4:
				what[0] = "collision: Export Model over its own model_file";
				return cli(new String[] { "--run", "Export Model", "model_file=[" + model + "] format=" + pick(List.of("ONNX", "bioimage.io"))
					+ " output_file=[" + model + "]" }, work, true, unchanged);
			default:
				what[0] = "collision: Export Model over a user's zip";
				return cli(new String[] { "--run", "Export Model", "model_file=[" + model + "] format=bioimage.io output_file=[" + docs + "]" }, work,
					true, unchanged);
		}
	}

	Case strictOptionCase(Path work, String[] what) {
		String signal = "iterations=3 input=" + tiffDir.resolve("8bit.tif");
		String[] odd = { "0.05f", "0x1p-7", "+1", "\uff11", "0.5d", "1_0", "NaN", "Infinity", "1.5.2", "1e", "٣" };
		int kind = rng.nextInt(4);
		String[] args;
		switch (kind) {
			case 0: { // a repeated key
				String key = pick(List.of("sigma", "iterations", "metric", "momentum"));
				String v1 = key.equals("metric") ? "L2" : "3", v2 = key.equals("metric") ? "Sobolev" : "4";
				args = new String[] { "--run", "Deblur Signal", signal + " " + key + "=" + v1 + " " + key + "=" + v2, "--output", work.resolve("out").toString() };
				break;
			}
			case 1: { // a number outside the plain decimal grammar
				String key = pick(List.of("sigma", "momentum", "epsilon", "iterations", "log_every"));
				args = new String[] { "--run", "Deblur Signal", signal + " " + key + "=" + pick(Arrays.asList(odd)), "--output", work.resolve("out").toString() };
				break;
			}
			case 2: // ... inside a layer list
				args = new String[] { "--run", "Train Fashion Classifier", TRAIN + "model=Custom layers=[dense " + pick(List.of("+10", "\uff11\uff10", "1e1", "10.0"))
					+ ", relu, dropout " + pick(List.of("0.5d", "0x1p-1", "0.5f", "+0.5")) + ", dense 10] data_dir=[" + idxPlain + "]", "--output",
					work.resolve("out").toString() };
				break;
			default: { // a second --run, --input or --output
				String flag = pick(List.of("--run", "--output", "--input"));
				args = new String[] { "--run", "Deblur Signal", signal, "--output", work.resolve("out").toString(), flag,
					flag.equals("--run") ? "Show Filters" : work.resolve("x").toString() };
			}
		}
		what[0] = "strict: " + String.join(" | ", args);
		return cli(args, work, true, null);
	}
}
