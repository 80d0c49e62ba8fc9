package cnnsandbox.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cnnsandbox.classify.InputFitter;
import cnnsandbox.files.MemoryBudget;
import cnnsandbox.files.RegularFiles;

/**
 * Labelled images for training, from a folder ({@code data_dir}) in one of two forms:
 * <ul>
 * <li>IDX files as MNIST, Fashion-MNIST, KMNIST... ship them ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-...}, optionally gzipped): any image size, up to 256 classes. Class
 * names come from a {@code classes.txt} beside them (one per line), else Fashion-MNIST's for a folder whose name
 * says fashion, else the label numbers.</li>
 * <li>One sub-folder per class holding images (PNG, TIFF, JPEG, BMP, GIF; grey or RGB; any size); the folder names
 * are the class names, in alphabetical order. With sub-folders {@code train} and {@code test} each holding the
 * class folders, those are the split. RGB images are grey (their luminance) or, with {@code channels=color}, three
 * channels; a multi-page TIFF is an image of one channel per page ({@link ImageFile}).</li>
 * </ul>
 * Images of another size than the input size are fitted to it as Classify Image fits its inputs (see
 * {@link InputFitter}). When the data has no test split of its own, a seeded, stratified {@code test_fraction} of
 * each class is held out.
 */
public final class Dataset {

	/** What to load: the data keys of Train Fashion Classifier, held by its settings (never copied). */
	public static final class Options {
		/** Input size (square); 0 = the data's own (the first image's for class folders). */
		public int inputSize = 0;
		/** Held-out fraction when the data has no test split. */
		public double testFraction = 0.2;
		/** First N training / test examples, 0 = all: applied here, and only here. */
		public int trainLimit = 0, testLimit = 0;
		/** What RGB images become: grey (their luminance, one channel) or color (three channels). */
		public ChannelMode channels = ChannelMode.GREY;

		public Options copy() {
			Options o = new Options();
			o.channels = channels;
			o.inputSize = inputSize;
			o.testFraction = testFraction;
			o.trainLimit = trainLimit;
			o.testLimit = testLimit;
			return o;
		}

		/** @throws IllegalArgumentException naming the key, in the one format of {@link cnnsandbox.options.Options} */
		public Options validate() {
			cnnsandbox.options.Options.between("input_size", inputSize, 0, 1024);
			if (!(testFraction > 0 && testFraction < 1))
				throw cnnsandbox.options.Options.bad("test_fraction", "a number > 0 and < 1", testFraction);
			cnnsandbox.options.Options.atLeast("train_limit", trainLimit, 0);
			cnnsandbox.options.Options.atLeast("test_limit", testLimit, 0);
			if (channels == null)
				throw cnnsandbox.options.Options.bad("channels", "one of " + cnnsandbox.options.Options.labels(ChannelMode.class), null);
			return this;
		}
	}

	/** Training and test images of the same size and classes. */
	public static final class Split {
		public final LabeledImages train, test;
		/** One line: what was read, e.g. "IDX files, 60000 train + 10000 test images of 28 x 28, 10 classes". */
		public final String description;

		Split(LabeledImages train, LabeledImages test, String description) {
			this.train = train;
			this.test = test;
			this.description = description;
		}
	}

	private Dataset() {}

	/** @throws IOException naming the folder or file and what is wrong, in one line */
	public static Split load(Path dir, Options o, long seed) throws IOException {
		o.validate();
		if (!Files.exists(dir))
			throw new IOException("data_dir " + dir + " not found: give a folder of IDX files (install dataset-fashion-mnist for "
				+ "Fashion-MNIST) or of class folders of images");
		if (!Files.isDirectory(dir))
			throw new IOException("data_dir " + dir + " is not a folder: give a folder of IDX files or of class folders of images");
		if (Files.exists(dir.resolve("train-images-idx3-ubyte.gz")) || Files.exists(dir.resolve("train-images-idx3-ubyte")))
			return idx(dir, o, seed);
		return classFolders(dir, o, seed);
	}

	// -- A labelled stack --

	/**
	 * The slices of an image stack, each named after its class by its label (as ImageJ's slice labels): the distinct
	 * labels, sorted, are the classes; a seeded, stratified {@code test_fraction} is held out.
	 *
	 * @param planes the slices' values, already in [0, 1] (see {@link cnnsandbox.classify.Intensity})
	 * @param labels one per slice
	 */
	public static Split fromSlices(List<double[]> planes, int width, int height, List<String> labels, Options o, long seed) {
		return fromSlices(planes, 1, width, height, labels, o, seed);
	}

	/**
	 * As {@link #fromSlices(List, int, int, List, Options, long)} for images of {@code channels} planes each (an ImageJ
	 * hyperstack's channels, or an RGB slice's R, G and B): {@code planes} holds them image by image, channel fastest,
	 * and {@code labels} one per image.
	 */
	public static Split fromSlices(List<double[]> planes, int channels, int width, int height, List<String> labels, Options o,
		long seed) {
		o.validate();
		if (labels == null)
			throw new IllegalArgumentException("data_source=image needs an image whose slice labels name the classes; this one has none "
				+ "(set them with Image > Stacks > Tools > Set Label...)");
		for (int i = 0; i < labels.size(); i++)
			if (labels.get(i) == null)
				throw new IllegalArgumentException("data_source=image: slice " + (i + 1) + " has no label; every slice's label must name "
					+ "its class (Image > Stacks > Tools > Set Label...)");
		List<String> names = labels.stream().distinct().sorted().collect(Collectors.toList());
		if (names.size() < 2 || names.size() > 256)
			throw new IllegalArgumentException("data_source=image: the slice labels name " + names.size() + " class(es); a classifier "
				+ "needs 2 to 256");
		int rows = o.inputSize > 0 ? o.inputSize : height, cols = o.inputSize > 0 ? o.inputSize : width;
		if (planes.size() != (long) labels.size() * channels)
			throw new IllegalArgumentException(planes.size() + " planes for " + labels.size() + " images of " + channels + " channels");
		InputFitter fitter = new InputFitter(rows, cols, InputFitter.Invert.AUTO);
		int size = channels * rows * cols, plane = width * height;
		float[] pixels = new float[labels.size() * size];
		int[] classes = new int[labels.size()];
		double[] image = new double[channels * plane];
		for (int i = 0; i < labels.size(); i++) {
			for (int c = 0; c < channels; c++)
				System.arraycopy(planes.get(i * channels + c), 0, image, c * plane, plane);
			System.arraycopy(fitter.fitChannels(image, channels, width, height, null, null), 0, pixels, i * size, size);
			classes[i] = names.indexOf(labels.get(i));
		}
		Split s = split(new LabeledImages(channels, rows, cols, pixels, classes, names), o, seed);
		LabeledImages train = limit(s.train, o.trainLimit), test = limit(s.test, o.testLimit);
		return new Split(train, test, "an image of " + labels.size() + " slices of " + (channels > 1 ? channels + " channels of " : "")
			+ width + " x " + height + (rows != height || cols != width ? " fitted to " + rows + " x " + cols : "") + ", " + train.n
			+ " train + " + test.n + " held-out test slices, " + names.size() + " classes: " + String.join(", ", names));
	}

	// -- IDX --

	private static Split idx(Path dir, Options o, long seed) throws IOException {
		IdxReader.Images trainImages = IdxReader.readImages(FashionMnist.find(dir, "train-images-idx3-ubyte"), o.trainLimit);
		int[] trainLabels = IdxReader.readLabels(FashionMnist.find(dir, "train-labels-idx1-ubyte"), o.trainLimit, 256);
		// the declared counts: with train_limit below both, the limited counts agree whatever the files say
		checkCount(dir, "train", IdxReader.declaredCount(FashionMnist.find(dir, "train-images-idx3-ubyte")),
			IdxReader.declaredCount(FashionMnist.find(dir, "train-labels-idx1-ubyte")));
		checkCount(dir, "train", trainImages.count, trainLabels.length);
		boolean hasTest = Files.exists(dir.resolve("t10k-images-idx3-ubyte.gz")) || Files.exists(dir.resolve("t10k-images-idx3-ubyte"));
		IdxReader.Images testImages = null;
		int[] testLabels = null;
		if (hasTest) {
			testImages = IdxReader.readImages(FashionMnist.find(dir, "t10k-images-idx3-ubyte"), o.testLimit);
			testLabels = IdxReader.readLabels(FashionMnist.find(dir, "t10k-labels-idx1-ubyte"), o.testLimit, 256);
			checkCount(dir, "t10k", IdxReader.declaredCount(FashionMnist.find(dir, "t10k-images-idx3-ubyte")),
				IdxReader.declaredCount(FashionMnist.find(dir, "t10k-labels-idx1-ubyte")));
			checkCount(dir, "t10k", testImages.count, testLabels.length);
			if (testImages.rows != trainImages.rows || testImages.cols != trainImages.cols)
				throw new IOException(dir + ": the test images are " + testImages.rows + " x " + testImages.cols
					+ ", the training images " + trainImages.rows + " x " + trainImages.cols);
		}
		int max = 0;
		for (int l : trainLabels)
			max = Math.max(max, l);
		if (testLabels != null)
			for (int l : testLabels)
				max = Math.max(max, l);
		List<String> names = classNames(dir, max + 1, trainImages.rows, trainImages.cols);
		int rows = o.inputSize > 0 ? o.inputSize : trainImages.rows, cols = o.inputSize > 0 ? o.inputSize : trainImages.cols;
		LabeledImages train = fit(trainImages, trainLabels, names, rows, cols);
		String size = trainImages.rows + " x " + trainImages.cols + (rows != trainImages.rows || cols != trainImages.cols
			? " fitted to " + rows + " x " + cols : "");
		if (!hasTest) {
			Split s = split(train, o, seed);
			return new Split(s.train, s.test, "IDX files in " + dir + ", " + s.train.n + " train + " + s.test.n
				+ " held-out test images of " + size + ", " + names.size() + " classes");
		}
		LabeledImages test = fit(testImages, testLabels, names, rows, cols);
		return new Split(train, test, "IDX files in " + dir + ", " + train.n + " train + " + test.n + " test images of " + size
			+ ", " + names.size() + " classes");
	}

	private static void checkCount(Path dir, String prefix, int images, int labels) throws IOException {
		if (images != labels)
			throw new IOException(dir + ": " + labels + " labels in " + prefix + "-labels-idx1-ubyte for " + images + " images in "
				+ prefix + "-images-idx3-ubyte");
	}

	/** The most bytes of classes.txt: 256 names of 100 characters fit in 26 KB (4 bytes a character: 100 KB). */
	private static final int CLASSES_TXT_LIMIT = 128 << 10;

	/** classes.txt, else Fashion-MNIST's names for its folder, else the numbers. */
	static List<String> classNames(Path dir, int classes, int rows, int cols) throws IOException {
		Path file = dir.resolve("classes.txt");
		if (Files.exists(file) || Files.isSymbolicLink(file)) {
			List<String> names = RegularFiles.readSmallText(file, "classes.txt", CLASSES_TXT_LIMIT).lines().map(String::trim)
				.filter(s -> !s.isEmpty()).collect(Collectors.toList());
			if (names.size() < classes)
				throw new IOException(file + " names " + names.size() + " classes, but the labels go up to " + (classes - 1));
			return names;
		}
		String folder = dir.toAbsolutePath().normalize().toString().toLowerCase(Locale.ROOT);
		if (classes <= 10 && rows == 28 && cols == 28 && folder.contains("fashion"))
			return FashionMnist.CLASS_NAMES;
		List<String> names = new ArrayList<>();
		for (int c = 0; c < classes; c++)
			names.add(String.valueOf(c));
		return names;
	}

	private static LabeledImages fit(IdxReader.Images im, int[] labels, List<String> names, int rows, int cols) {
		int size = im.rows * im.cols;
		float[] pixels = new float[im.count * rows * cols];
		if (rows == im.rows && cols == im.cols) {
			for (int i = 0; i < pixels.length; i++)
				pixels[i] = (im.data[i] & 0xff) / 255f;
		} else {
			InputFitter fitter = new InputFitter(rows, cols, InputFitter.Invert.AUTO);
			double[] v = new double[size];
			for (int k = 0; k < im.count; k++) {
				for (int i = 0; i < size; i++)
					v[i] = (im.data[k * size + i] & 0xff) / 255.0;
				System.arraycopy(fitter.fit(v, im.cols, im.rows, null), 0, pixels, k * rows * cols, rows * cols);
			}
		}
		return new LabeledImages(rows, cols, pixels, labels, names);
	}

	// -- Class folders --

	private static Split classFolders(Path dir, Options o, long seed) throws IOException {
		Path trainDir = dir.resolve("train"), testDir = dir.resolve("test");
		boolean ownSplit = Files.isDirectory(trainDir) && Files.isDirectory(testDir);
		Path root = ownSplit ? trainDir : dir;
		List<Path> classDirs = subfolders(root);
		if (classDirs.size() < 2)
			throw new IOException("data_dir " + dir + " holds neither IDX files (train-images-idx3-ubyte...) nor at least two class "
				+ "folders of images (found " + classDirs.size() + ")");
		if (classDirs.size() > 256)
			throw new IOException("data_dir " + dir + " has " + classDirs.size() + " class folders; at most 256 classes");
		List<String> names = classDirs.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
		int[] size = { o.inputSize, o.inputSize, 0 };
		LabeledImages all = readClasses(root, names, size, o.channels);
		if (!ownSplit) {
			Split s = split(all, o, seed);
			return new Split(limit(s.train, o.trainLimit), limit(s.test, o.testLimit), "class folders in " + dir + ", "
				+ Math.min(s.train.n, o.trainLimit > 0 ? o.trainLimit : s.train.n) + " train + "
				+ Math.min(s.test.n, o.testLimit > 0 ? o.testLimit : s.test.n) + " held-out test images fitted to " + channelsOf(all)
				+ size[0] + " x " + size[1] + ", " + names.size() + " classes: " + String.join(", ", names));
		}
		List<String> testNames = subfolders(testDir).stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
		if (!testNames.equals(names))
			throw new IOException(testDir + " has the class folders " + testNames + ", but " + trainDir + " has " + names);
		LabeledImages test = readClasses(testDir, names, size, o.channels);
		return new Split(limit(all, o.trainLimit), limit(test, o.testLimit), "class folders in " + dir + " (train/, test/), "
			+ all.n + " train + " + test.n + " test images fitted to " + channelsOf(all) + size[0] + " x " + size[1] + ", " + names.size()
			+ " classes: " + String.join(", ", names));
	}

	/** "3 channels of " for colour images, nothing for grey ones (the description of old). */
	private static String channelsOf(LabeledImages s) {
		return s.channels > 1 ? s.channels + " channels of " : "";
	}

	private static List<Path> subfolders(Path dir) throws IOException {
		List<Path> folders;
		try (Stream<Path> s = Files.list(dir)) {
			folders = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
				.collect(Collectors.toList());
		}
		// a name whose bytes are not UTF-8 comes back with U+FFFD and cannot be opened again ("data/??class: NoSuchFile")
		for (Path p : folders)
			if (p.getFileName().toString().indexOf('\uFFFD') >= 0)
				throw new IOException("data_dir " + dir + " holds a folder whose name is not valid UTF-8 ('" + p.getFileName()
					+ "'): rename it (a class folder's name is its class name)");
		return folders;
	}

	/**
	 * Reads every image of root/name/ for each class name, fitted to size[0] x size[1] (set from the first image
	 * when 0), of size[2] channels (set from the first image when 0). With channels=color a grey image is its grey
	 * value thrice; any difference in channels is refused.
	 */
	private static LabeledImages readClasses(Path root, List<String> names, int[] size, ChannelMode mode) throws IOException {
		List<float[]> images = new ArrayList<>();
		List<Integer> labels = new ArrayList<>();
		InputFitter fitter = null;
		List<List<Path>> perClass = new ArrayList<>();
		long total = 0;
		for (int c = 0; c < names.size(); c++) {
			List<Path> files;
			try (Stream<Path> s = Files.list(root.resolve(names.get(c)))) {
				files = s.filter(Files::isRegularFile).filter(ImageFile::isImage).sorted().collect(Collectors.toList());
			}
			if (files.isEmpty())
				throw new IOException(root.resolve(names.get(c)) + " holds no image (PNG, TIFF, JPEG, BMP, GIF): every class folder needs some");
			perClass.add(files);
			total += files.size();
		}
		for (int c = 0; c < names.size(); c++) {
			for (Path f : perClass.get(c)) {
				ImageFile img = ImageFile.read(f, mode);
				// channels=color: a grey image is R = G = B (as PIL's convert("RGB")), whatever comes first
				int channels = mode == ChannelMode.COLOR && img.channels == 1 ? 3 : img.channels;
				if (size[2] == 0)
					size[2] = channels;
				if (channels != size[2])
					throw new IOException(f + " has " + channels + " channel(s), the images before it " + size[2] + ": every image "
						+ "of a data set needs the same channels (a multi-page TIFF has one per page)");
				if (size[0] == 0) {
					size[0] = img.height;
					size[1] = img.width;
					// every image is kept at this size, twice while the set is assembled: three 8000 x 8000 PNGs
					// had run the heap out with a message about batch_size
					MemoryBudget.require(MemoryBudget.times(total, size[0], size[1], size[2], 4, 2), "input_size=0: " + total + " images at the "
						+ "first one's size, " + size[1] + " x " + size[0] + " (" + f + "); set input_size, e.g. input_size=64");
				}
				if (fitter == null)
					fitter = new InputFitter(size[0], size[1], InputFitter.Invert.AUTO);
				if (img.width < 2 || img.height < 2)
					throw new IOException(f + " is " + img.width + " x " + img.height + " pixels: too small (at least 2 x 2)");
				double[] values = img.channels == size[2] ? img.values : replicate(img.values, size[2]);
				images.add(fitter.fitChannels(values, size[2], img.width, img.height, null, null));
				labels.add(c);
			}
		}
		int px = size[2] * size[0] * size[1];
		float[] pixels = new float[images.size() * px];
		for (int i = 0; i < images.size(); i++)
			System.arraycopy(images.get(i), 0, pixels, i * px, px);
		return new LabeledImages(size[2], size[0], size[1], pixels, labels.stream().mapToInt(Integer::intValue).toArray(), names);
	}

	/** One plane as {@code channels} equal planes. */
	private static double[] replicate(double[] plane, int channels) {
		double[] out = new double[plane.length * channels];
		for (int c = 0; c < channels; c++)
			System.arraycopy(plane, 0, out, c * plane.length, plane.length);
		return out;
	}

	// -- Splits --

	/**
	 * Holds out round(fraction * count) images of each class (at least one when a class has two or more), chosen by
	 * a shuffle seeded with {@code seed}; both parts keep the original order.
	 */
	public static Split split(LabeledImages all, Options o, long seed) {
		Random rng = new Random(seed * 0x2545F4914F6CDD1DL + 3);
		boolean[] test = new boolean[all.n];
		for (int c = 0; c < all.classes(); c++) {
			List<Integer> members = new ArrayList<>();
			for (int i = 0; i < all.n; i++)
				if (all.labels[i] == c)
					members.add(i);
			int k = (int) Math.round(o.testFraction * members.size());
			if (k == 0 && members.size() >= 2)
				k = 1;
			if (k == members.size())
				k = members.size() - 1;
			java.util.Collections.shuffle(members, rng);
			for (int j = 0; j < k; j++)
				test[members.get(j)] = true;
		}
		return new Split(select(all, test, false), select(all, test, true), "");
	}

	private static LabeledImages select(LabeledImages all, boolean[] test, boolean which) {
		int n = 0;
		for (boolean t : test)
			if (t == which)
				n++;
		int px = all.imageSize();
		float[] pixels = new float[n * px];
		int[] labels = new int[n];
		int k = 0;
		for (int i = 0; i < all.n; i++)
			if (test[i] == which) {
				System.arraycopy(all.pixels, i * px, pixels, k * px, px);
				labels[k++] = all.labels[i];
			}
		return new LabeledImages(all.channels, all.rows, all.cols, pixels, labels, all.classNames);
	}

	private static LabeledImages limit(LabeledImages s, int limit) {
		return limit > 0 && limit < s.n ? s.head(limit) : s;
	}
}
