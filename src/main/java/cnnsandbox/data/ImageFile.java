package cnnsandbox.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import cnnsandbox.files.MemoryBudget;
import cnnsandbox.files.RegularFiles;

import javax.imageio.ImageIO;

import cnnsandbox.classify.Intensity;

/**
 * Reads one PNG, JPEG, BMP, GIF or TIFF file (javax.imageio; Java 11+ reads TIFF) as intensities in [0, 1],
 * scaled as Classify Image scales an open image: 8-bit grey and RGB (its luminance 0.299 R + 0.587 G + 0.114 B, or
 * with {@link ChannelMode#COLOR} its three channels) divided by 255, 32-bit kept when in [0, 1], anything else
 * stretched from its minimum to its maximum, channel by channel. A multi-page TIFF (ImageJ saves a C-channel
 * hyperstack so) is one image of C channels, one per page.
 */
public final class ImageFile {

	/** File name endings read as images. */
	public static final Set<String> EXTENSIONS = Set.of("png", "tif", "tiff", "jpg", "jpeg", "bmp", "gif");

	private static final String DAMAGED = " is damaged or truncated";

	public final int width, height, channels;
	/** channels*width*height values in [0, 1]: each channel's plane, row-major, one after the other. */
	public final double[] values;

	private ImageFile(int width, int height, int channels, double[] values) {
		this.width = width;
		this.height = height;
		this.channels = channels;
		this.values = values;
	}

	/** At most this many pages (channels) in one image file. */
	static final int MAX_PAGES = cnnsandbox.model.LayerList.MAX_CHANNELS;

	public static boolean isImage(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		int dot = name.lastIndexOf('.');
		return dot > 0 && !name.startsWith(".") && EXTENSIONS.contains(name.substring(dot + 1));
	}

	/**
	 * @throws IOException naming the file when it cannot be read as an image, or is damaged or truncated (a JPEG,
	 *             GIF or BMP cut short decodes with a warning only, and trained without a word)
	 * @throws IllegalArgumentException naming the file and its size when its header declares more pixels than the
	 *             heap holds (a 400 KB PNG can declare 20000 x 20000): checked before anything is decoded
	 */
	public static ImageFile read(Path file) throws IOException {
		return read(file, ChannelMode.GREY);
	}

	/**
	 * As {@link #read(Path)}, every page of a multi-page TIFF a channel, and with {@link ChannelMode#COLOR} an RGB
	 * image (or page) as its three channels R, G, B.
	 *
	 * @throws IOException also for a multi-page file whose pages differ in size, naming the file and the page
	 */
	public static ImageFile read(Path file, ChannelMode mode) throws IOException {
		List<BufferedImage> pages = decode(file, true);
		BufferedImage first = pages.get(0);
		int w = first.getWidth(), h = first.getHeight();
		List<double[]> planes = new ArrayList<>();
		for (int p = 0; p < pages.size(); p++) {
			BufferedImage img = pages.get(p);
			if (img.getWidth() != w || img.getHeight() != h)
				throw new IOException(file + ": page " + (p + 1) + " is " + img.getWidth() + " x " + img.getHeight() + ", page 1 "
					+ w + " x " + h + ": the pages of an image (its channels) must have one size");
			if (mode == ChannelMode.COLOR && img.getColorModel().getNumColorComponents() >= 3)
				planes.addAll(rgb(img));
			else
				planes.add(grey(img));
		}
		if (planes.size() > MAX_PAGES)
			throw new IOException(file + " has " + planes.size() + " channels (pages); at most " + MAX_PAGES);
		double[] v = new double[planes.size() * w * h];
		for (int c = 0; c < planes.size(); c++)
			System.arraycopy(planes.get(c), 0, v, c * w * h, w * h);
		return new ImageFile(w, h, planes.size(), v);
	}

	/** The R, G and B planes of a colour image, each / 255. */
	private static List<double[]> rgb(BufferedImage img) {
		int w = img.getWidth(), h = img.getHeight();
		double[] r = new double[w * h], g = new double[w * h], b = new double[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int v = img.getRGB(x, y);
				r[y * w + x] = ((v >> 16) & 0xff) / 255.0;
				g[y * w + x] = ((v >> 8) & 0xff) / 255.0;
				b[y * w + x] = (v & 0xff) / 255.0;
			}
		return List.of(r, g, b);
	}

	/** One image (page) as grey intensities in [0, 1]: the reading every image had before colour input. */
	private static double[] grey(BufferedImage img) {
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
		return v;
	}

	/**
	 * Decodes {@code file} with ImageIO, its declared size checked first ({@link #checkSize}) and any decoding
	 * warning (a truncated JPEG, GIF or BMP) refused: every page of a TIFF, the first image of other formats (a GIF's
	 * animation frames are not channels). Returns null for a file ImageIO has no reader for, unless {@code required}.
	 */
	private static List<BufferedImage> decode(Path file, boolean required) throws IOException {
		RegularFiles.requireReadable(file, "image");
		List<BufferedImage> pages = new ArrayList<>();
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
			if (readers == null || !readers.hasNext()) {
				if (!required) return null;
				throw new IOException(file + " cannot be read as an image: not a PNG, JPEG, BMP, GIF or TIFF file");
			}
			ImageReader reader = readers.next();
			try {
				// a TIFF's pages are counted, which needs seeking back
				boolean tiff = reader.getFormatName().toLowerCase(Locale.ROOT).startsWith("tif");
				reader.setInput(in, !tiff, true);
				int w = reader.getWidth(0), h = reader.getHeight(0);
				checkSize(file, w, h);
				int count = tiff ? reader.getNumImages(true) : 1;
				if (count > MAX_PAGES)
					throw new IOException(file + " has " + count + " pages; an image file may hold at most " + MAX_PAGES + " (its channels)");
				if (count > 1)
					MemoryBudget.require(MemoryBudget.times(w, h, count, 12), "image " + file + " (" + count + " pages of " + w + " x " + h
						+ " pixels, declared in its header: make it smaller, or remove it)");
				List<String> warnings = new ArrayList<>();
				reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
				for (int p = 0; p < count; p++) {
					BufferedImage img = reader.read(p);
					if (img == null)
						throw new IOException(file + " cannot be read as an image: not a PNG, JPEG, BMP, GIF or TIFF file");
					pages.add(img);
				}
				if (!warnings.isEmpty())
					throw new IOException(file + DAMAGED + " (" + warnings.get(0) + "): save it again, or remove it");
			} finally {
				reader.dispose();
			}
		} catch (IOException e) {
			if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) throw e;
			throw new IOException(file + " cannot be read as an image, or is truncated (" + e.getMessage() + "): save it again, or remove it", e);
		} catch (RuntimeException e) {
			if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().contains(file.toString())) throw e;
			throw new IOException(file + " cannot be read as an image (" + e.getMessage() + ")", e);
		}
		return pages;
	}

	/**
	 * Refuses an image whose declared size needs more than the heap holds, before it is decoded: the decoded
	 * raster (up to 4 bytes a pixel) and the values (8). Named by file and size; what to do is to shrink it.
	 */
	public static void checkSize(Path file, long width, long height) {
		if (width < 1 || height < 1)
			throw new IllegalArgumentException(file + " declares an image of " + width + " x " + height + " pixels: damaged file?");
		MemoryBudget.require(MemoryBudget.times(width, height, 12), "image " + file + " (" + width + " x " + height
			+ " pixels, declared in its header: make it smaller, or remove it)");
	}

	/**
	 * Checks a file another reader will open (the CLI's input, opened by ImageJ): its declared size before decoding,
	 * then that ImageIO decodes it without a warning (ImageJ deblurred a truncated JPEG, printing only "Premature
	 * end of JPEG file"). Files ImageIO cannot read pass, for that reader to judge.
	 */
	public static void check(Path file) throws IOException {
		try {
			decode(file, false);
		} catch (IOException e) {
			if (e.getMessage() != null && e.getMessage().contains(DAMAGED)) throw e;
			// ImageIO cannot decode it (a CMYK JPEG...): ImageJ's opener judges it
		}
	}
}
