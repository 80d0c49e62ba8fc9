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
}
