package cnnsandbox.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Test fixture: a class-folder dataset of real images, the Fashion-MNIST test images written as 8-bit grey PNG
 * files into one folder per class (named after the class, '/' replaced).
 */
public final class FashionFolders {

	private FashionFolders() {}

	/** Writes the first {@code perClass} test images of each of the first {@code classes} classes; returns the folder names. */
	public static List<String> write(Path dir, int classes, int perClass) throws IOException {
		LabeledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 0);
		int[] count = new int[classes];
		String[] names = new String[classes];
		for (int c = 0; c < classes; c++) {
			names[c] = FashionMnist.CLASS_NAMES.get(c).replace('/', '-');
			Files.createDirectories(dir.resolve(names[c]));
		}
		for (int i = 0; i < test.n; i++) {
			int c = test.labels[i];
			if (c >= classes || count[c] >= perClass) continue;
			ImageIO.write(gray(test, i), "png", dir.resolve(names[c]).resolve(String.format("%05d.png", i)).toFile());
			count[c]++;
		}
		return List.of(names);
	}

	/** Test image i as an 8-bit grey image (pixel * 255, exactly the IDX bytes). */
	public static BufferedImage gray(LabeledImages set, int i) {
		BufferedImage img = new BufferedImage(set.cols, set.rows, BufferedImage.TYPE_BYTE_GRAY);
		float[] px = set.image(i);
		for (int y = 0; y < set.rows; y++)
			for (int x = 0; x < set.cols; x++)
				img.getRaster().setSample(x, y, 0, Math.round(px[y * set.cols + x] * 255));
		return img;
	}

	/** The tints of {@link #writeTinted}: red, green, blue, each scaled so that its luminance is 0.114 x the pixel. */
	public static final String[] TINTS = { "blue", "green", "red" };
	/** Per tint (in {@link #TINTS} order), the R, G, B factors: 0.299 R + 0.587 G + 0.114 B is 0.114 x the grey value for each. */
	public static final double[][] TINT_RGB = { { 0, 0, 1 }, { 0, 0.114 / 0.587, 0 }, { 0.114 / 0.299, 0, 0 } };

	/**
	 * Colour class folders where only the colour tells the class: {@code perClass} Fashion-MNIST test images per
	 * folder (blue, green, red), garments of every kind in each, each image tinted by its folder's colour at one
	 * luminance, so a grey reading of them (their luminance) cannot tell the classes apart. Written as RGB PNG files;
	 * test image {@code 3 k + t} goes to tint t.
	 */
	public static void writeTinted(Path dir, int perClass) throws IOException {
		LabeledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 3 * perClass);
		for (int t = 0; t < TINTS.length; t++)
			Files.createDirectories(dir.resolve(TINTS[t]));
		for (int i = 0; i < 3 * perClass; i++) {
			int t = i % 3;
			ImageIO.write(tinted(test, i, t), "png", dir.resolve(TINTS[t]).resolve(String.format("%05d.png", i)).toFile());
		}
	}

	/** Test image i tinted by tint t (8-bit RGB). */
	public static BufferedImage tinted(LabeledImages set, int i, int t) {
		BufferedImage img = new BufferedImage(set.cols, set.rows, BufferedImage.TYPE_INT_RGB);
		float[] px = set.image(i);
		for (int y = 0; y < set.rows; y++)
			for (int x = 0; x < set.cols; x++) {
				double v = px[y * set.cols + x] * 255;
				int r = (int) Math.round(v * TINT_RGB[t][0]), g = (int) Math.round(v * TINT_RGB[t][1]), b = (int) Math.round(v * TINT_RGB[t][2]);
				img.setRGB(x, y, (r << 16) | (g << 8) | b);
			}
		return img;
	}
}
