package cnnsandbox.ij1;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Converts between ImageJ 1.x {@link ImagePlus} and ImgLib2 images: the whole of the ImageJ 1.x bridge's pixel glue.
 * <p>
 * Wrapping shares the ImagePlus's pixel arrays (no copy), so a 1024 x 1024 x 100 stack costs nothing to hand over.
 * Only gray 8/16/32-bit images are accepted: the engines work on intensities, and silently taking one channel of an
 * RGB image would be a lie.
 */
public final class ImagePlusAdapter {

	/** The ImagePlus each wrapped image came from, so the host can give its calibration (weak: no leak). */
	private static final Map<RandomAccessibleInterval<?>, ImagePlus> SOURCES = Collections.synchronizedMap(new WeakHashMap<>());

	private ImagePlusAdapter() {}

	/** The ImagePlus that {@link #wrap} wrapped into {@code image}, or null. */
	public static ImagePlus sourceOf(RandomAccessibleInterval<?> image) {
		return SOURCES.get(image);
	}

	/**
	 * Wraps the image's stack as (x, y) or (x, y, slice) without copying pixels: gray images as real types, RGB as
	 * {@code ARGBType} (commands that need intensities refuse it or convert it to luminance).
	 */
	public static RandomAccessibleInterval<?> wrap(ImagePlus imp) {
		if (imp.getType() == ImagePlus.COLOR_256) {
			throw new IllegalArgumentException("'" + imp.getTitle() + "' is an 8-bit colour (indexed) image: convert it to "
				+ "8-bit, 16-bit, 32-bit or RGB first (Image > Type)");
		}
		ImageStack stack = imp.getStack();
		List<RandomAccessibleInterval<?>> planes = new ArrayList<>();
		for (int s = 1; s <= stack.getSize(); s++) {
			planes.add(wrapPlane(stack.getPixels(s), stack.getWidth(), stack.getHeight()));
		}
		RandomAccessibleInterval<?> wrapped = planes.size() == 1 ? planes.get(0) : stackOf(planes);
		SOURCES.put(wrapped, imp);
		return wrapped;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RandomAccessibleInterval<?> stackOf(List planes) {
		return Views.stack(planes);
	}

	private static RandomAccessibleInterval<?> wrapPlane(Object pixels, int w, int h) {
		if (pixels instanceof int[]) return ArrayImgs.argbs((int[]) pixels, w, h);
		if (pixels instanceof float[]) return ArrayImgs.floats((float[]) pixels, w, h);
		if (pixels instanceof short[]) return ArrayImgs.unsignedShorts((short[]) pixels, w, h);
		if (pixels instanceof byte[]) return ArrayImgs.unsignedBytes((byte[]) pixels, w, h);
		throw new IllegalArgumentException("unsupported pixel array " + pixels.getClass().getSimpleName());
	}

	/** Copies an (x, y) or (x, y, slice) image into a 32-bit ImagePlus; higher dimensions are flattened into slices. */
	public static ImagePlus toImagePlus(RandomAccessibleInterval<? extends RealType<?>> img, String title) {
		int w = (int) img.dimension(0);
		int h = img.numDimensions() > 1 ? (int) img.dimension(1) : 1;
		long planeSize = (long) w * h;
		int n = (int) (Views.flatIterable(img).size() / planeSize);
		ImageStack stack = new ImageStack(w, h);
		float[] plane = null;
		long i = 0;
		for (RealType<?> t : Views.flatIterable(img)) {
			if (i % planeSize == 0) {
				plane = new float[(int) planeSize];
				stack.addSlice(new FloatProcessor(w, h, plane));
			}
			plane[(int) (i % planeSize)] = t.getRealFloat();
			i++;
		}
		ImagePlus imp = new ImagePlus(title, stack);
		if (n > 1) imp.setDimensions(1, n, 1);
		imp.resetDisplayRange();
		return imp;
	}

	/** Gives {@code target} the spatial calibration of {@code source} when they have the same width and height. */
	public static void copyCalibration(ImagePlus source, ImagePlus target) {
		if (source == null || source.getWidth() != target.getWidth() || source.getHeight() != target.getHeight()) return;
		Calibration cal = source.getCalibration().copy();
		target.setCalibration(cal);
	}
}
