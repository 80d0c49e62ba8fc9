package cnnsandbox.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;

import cnnsandbox.classify.Intensity;

/**
 * Reads one PNG, JPEG, BMP, GIF or TIFF file (javax.imageio; Java 11+ reads TIFF) as grey intensities in [0, 1],
 * scaled as Classify Image scales an open image: 8-bit grey and RGB (its luminance 0.299 R + 0.587 G + 0.114 B)
 * divided by 255, 32-bit kept when in [0, 1], anything else stretched from its minimum to its maximum.
 */
public final class ImageFile {

	/** File name endings read as images. */
	public static final Set<String> EXTENSIONS = Set.of("png", "tif", "tiff", "jpg", "jpeg", "bmp", "gif");

	public final int width, height;
	/** width*height values in [0, 1], row-major. */
	public final double[] values;

	private ImageFile(int width, int height, double[] values) {
		this.width = width;
		this.height = height;
		this.values = values;
	}

	public static boolean isImage(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		int dot = name.lastIndexOf('.');
		return dot > 0 && !name.startsWith(".") && EXTENSIONS.contains(name.substring(dot + 1));
	}

	/** @throws IOException naming the file when it cannot be read as an image */
	public static ImageFile read(Path file) throws IOException {
		BufferedImage img;
		try {
			img = ImageIO.read(file.toFile());
		} catch (IOException | RuntimeException e) {
			throw new IOException(file + " cannot be read as an image (" + e.getMessage() + ")", e);
		}
		if (img == null)
			throw new IOException(file + " cannot be read as an image: not a PNG, JPEG, BMP, GIF or TIFF file");
		int w = img.getWidth(), h = img.getHeight();
		Raster r = img.getRaster();
		int bands = r.getNumBands(), type = r.getDataBuffer().getDataType();
		double[] v = new double[w * h];
		boolean colour = img.getColorModel().getNumColorComponents() >= 3;
		if (colour || type == DataBuffer.TYPE_BYTE) {
			// 8-bit grey, palette or RGB: through the colour model, as 8-bit luminance
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int rgb = img.getRGB(x, y);
					v[y * w + x] = colour
						? 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff)
						: type == DataBuffer.TYPE_BYTE && bands == 1 && img.getColorModel().getPixelSize() == 8 ? r.getSample(x, y, 0)
							: (rgb >> 8) & 0xff;
				}
			Intensity.BYTE.apply(v);
		} else {
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					v[y * w + x] = r.getSampleDouble(x, y, 0);
			(type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE ? Intensity.forFloat(v) : Intensity.STRETCH).apply(v);
		}
		return new ImageFile(w, h, v);
	}
}
