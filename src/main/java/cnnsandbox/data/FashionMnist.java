package cnnsandbox.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The Fashion-MNIST dataset (Zalando, MIT licence): 60,000 training and 10,000 test images of 28 x 28 pixels in
 * ten classes, read from the four standard IDX files.
 */
public final class FashionMnist {

	/** Class names in label order. */
	public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
		"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

	/** Where Debian's package dataset-fashion-mnist puts the files. */
	public static final Path DEFAULT_DIR = Paths.get("/usr/share/datasets/fashion-mnist");

	public static final int ROWS = 28, COLS = 28;

	private FashionMnist() {}

	/**
	 * Loads the training or test set from {@code dir}, whose files are named {@code train-images-idx3-ubyte},
	 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each
	 * optionally followed by {@code .gz}.
	 *
	 * @param limit the number of examples to read from the start, 0 for all
	 */
	public static LabeledImages load(Path dir, boolean train, int limit) throws IOException {
		if (limit < 0)
			throw new IllegalArgumentException("limit must be >= 0, was " + limit);
		String prefix = train ? "train" : "t10k";
		Path imagesFile = find(dir, prefix + "-images-idx3-ubyte");
		Path labelsFile = find(dir, prefix + "-labels-idx1-ubyte");
		int imageCount = IdxReader.declaredCount(imagesFile);
		int labelCount = IdxReader.declaredCount(labelsFile);
		if (imageCount != labelCount)
			throw new IOException(labelsFile + ": label count " + labelCount + " != image count " + imageCount + " of "
				+ imagesFile.getFileName());
		IdxReader.Images images = IdxReader.readImages(imagesFile, limit);
		if (images.rows != ROWS || images.cols != COLS)
			throw new IOException(imagesFile + ": images are " + images.rows + " x " + images.cols + ", expected " + ROWS
				+ " x " + COLS + " for Fashion-MNIST");
		int[] labels = IdxReader.readLabels(labelsFile, limit, CLASS_NAMES.size());
		cnnsandbox.files.MemoryBudget.require(4L * images.data.length, (train ? "train_limit" : "test_limit") + "=" + limit + " ("
			+ images.count + " images as floats)");
		float[] pixels = new float[images.data.length];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (images.data[i] & 0xff) / 255f;
		return new LabeledImages(images.rows, images.cols, pixels, labels);
	}

	/** The file {@code dir/name.gz} if it exists, else {@code dir/name}. */
	static Path find(Path dir, String name) throws IOException {
		Path gz = dir.resolve(name + ".gz");
		if (Files.exists(gz))
			return gz;
		Path plain = dir.resolve(name);
		if (Files.exists(plain))
			return plain;
		throw new IOException(dir.resolve(name + "[.gz]") + " not found: put the four Fashion-MNIST IDX files there, "
			+ "or install the Debian package dataset-fashion-mnist");
	}
}
