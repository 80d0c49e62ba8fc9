package cnnsandbox.commands;

import java.util.ArrayList;
import java.util.List;

import cnnsandbox.backend.Threads;
import cnnsandbox.files.MemoryBudget;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Util;
import net.imglib2.view.Views;

/**
 * An ImgLib2 image seen as a list of 2-D planes of doubles: the shape our engines take. Dimensions beyond x and y
 * are flattened into the plane index, in ImgLib2's flat iteration order.
 */
public final class Planes {

	public final int width;
	public final int height;
	public final List<double[]> planes;

	private Planes(int width, int height, List<double[]> planes) {
		this.width = width;
		this.height = height;
		this.planes = planes;
	}

	/** Reads a gray image; refuses colour (RGB) images with a message saying what to do. */
	public static Planes read(RandomAccessibleInterval<?> image) {
		checkGray(image);
		return read(image, false);
	}

	private static void checkGray(RandomAccessibleInterval<?> image) {
		Object type = Util.getTypeFromInterval(image);
		if (!(type instanceof RealType)) {
			throw new IllegalArgumentException("the image is RGB/colour (" + type.getClass().getSimpleName()
				+ " pixels): convert it to 8-bit, 16-bit or 32-bit first (Image > Type)");
		}
	}

	/** {width, height, number of planes} of an image, as the readers see it. */
	public static int[] shape(RandomAccessibleInterval<?> image) {
		int w = (int) image.dimension(0);
		int h = image.numDimensions() > 1 ? (int) image.dimension(1) : 1;
		return new int[] { w, h, (int) (Views.flatIterable(image).size() / ((long) w * h)) };
	}

	/**
	 * Reads a gray or RGB image as intensities for a classifier: RGB becomes its luminance (0.299 R + 0.587 G +
	 * 0.114 B), so a colour photo of a shoe can be classified.
	 */
	public static Planes readLuminance(RandomAccessibleInterval<?> image) {
		if (!(Util.getTypeFromInterval(image) instanceof ARGBType)) return read(image);
		return read(image, true);
	}

	/**
	 * Reads an RGB image as three planes per slice, R, G and B (0-255), slice by slice: what a colour model takes.
	 * A gray image is refused by the caller's choice of reader, not here: it reads as its planes.
	 */
	public static Planes readRgb(RandomAccessibleInterval<?> image) {
		if (!(Util.getTypeFromInterval(image) instanceof ARGBType)) return read(image);
		int[] shape = shape(image);
		int plane = shape[0] * shape[1];
		MemoryBudget.require(MemoryBudget.times(plane, shape[2], 3, 8), "the input image (" + plane * (long) shape[2] + " RGB pixels as doubles)");
		List<double[]> planes = new ArrayList<>();
		Cursor<?> c = Views.flatIterable(image).cursor();
		for (int s = 0; s < shape[2]; s++) {
			double[] r = new double[plane], g = new double[plane], b = new double[plane];
			for (int i = 0; i < plane; i++) {
				int v = ((ARGBType) c.next()).get();
				r[i] = ARGBType.red(v);
				g[i] = ARGBType.green(v);
				b[i] = ARGBType.blue(v);
			}
			planes.add(r);
			planes.add(g);
			planes.add(b);
		}
		return new Planes(shape[0], shape[1], planes);
	}

	/** Something done with each plane; called on several threads, in any order; the array is reused afterwards. */
	public interface PlaneVisitor {
		void visit(int index, double[] plane);
	}

	/**
	 * Visits the planes of a gray or RGB image (RGB as its luminance, as {@link #readLuminance}) on the batch
	 * threads, each thread with one reused plane buffer, so no copy of the whole image is held. Returns the
	 * number of planes.
	 */
	public static int visitLuminance(RandomAccessibleInterval<?> image, PlaneVisitor visitor) {
		boolean argb = Util.getTypeFromInterval(image) instanceof ARGBType;
		if (!argb) checkGray(image);
		int[] shape = shape(image);
		int planeSize = shape[0] * shape[1], n = shape[2];
		Threads.parallelFor(n, 64, (from, to) -> {
			PlaneReader reader = reader(image, argb, planeSize);
			double[] plane = new double[planeSize];
			for (int p = from; p < to; p++) {
				reader.read(p, plane);
				visitor.visit(p, plane);
			}
			return 0;
		});
		return n;
	}

	/** Reads plane p into dst; one per thread (the generic one holds a cursor). */
	private interface PlaneReader {
		void read(int p, double[] dst);
	}

	/**
	 * Direct reads from the primitive arrays of array and planar images of 8-bit, 16-bit and 32-bit pixels (what
	 * Fiji's images are), a cursor otherwise: measured on the 10,000-slice 8-bit test stack, the cursor loop took
	 * ~80 ms on one thread, the array loop a few ms.
	 */
	private static PlaneReader reader(RandomAccessibleInterval<?> image, boolean argb, int planeSize) {
		Object type = Util.getTypeFromInterval(image);
		boolean known = type instanceof UnsignedByteType || type instanceof UnsignedShortType || type instanceof FloatType;
		if (known && image instanceof ArrayImg) {
			Object data = ((ArrayDataAccess<?>) ((ArrayImg<?, ?>) image).update(null)).getCurrentStorageArray();
			return (p, dst) -> copy(data, p * planeSize, dst);
		}
		if (known && image instanceof PlanarImg && image.numDimensions() >= 2) {
			PlanarImg<?, ?> img = (PlanarImg<?, ?>) image;
			return (p, dst) -> copy(((ArrayDataAccess<?>) img.getPlane(p)).getCurrentStorageArray(), 0, dst);
		}
		Cursor<?> c = Views.flatIterable(image).cursor();
		long[] next = { 0 }; // the plane the cursor is before
		return (p, dst) -> {
			if (p != next[0]) {
				c.reset();
				c.jumpFwd((long) p * planeSize);
			}
			if (argb) {
				for (int i = 0; i < planeSize; i++) {
					int v = ((ARGBType) c.next()).get();
					dst[i] = 0.299 * ARGBType.red(v) + 0.587 * ARGBType.green(v) + 0.114 * ARGBType.blue(v);
				}
			} else {
				for (int i = 0; i < planeSize; i++) dst[i] = ((RealType<?>) c.next()).getRealDouble();
			}
			next[0] = p + 1;
		};
	}

	private static void copy(Object data, int offset, double[] dst) {
		if (data instanceof byte[]) {
			byte[] b = (byte[]) data;
			for (int i = 0; i < dst.length; i++) dst[i] = b[offset + i] & 0xff;
		} else if (data instanceof short[]) {
			short[] b = (short[]) data;
			for (int i = 0; i < dst.length; i++) dst[i] = b[offset + i] & 0xffff;
		} else {
			float[] b = (float[]) data;
			for (int i = 0; i < dst.length; i++) dst[i] = b[offset + i];
		}
	}

	/** Reads every plane (on the batch threads) into a list of fresh arrays. */
	private static Planes read(RandomAccessibleInterval<?> image, boolean argb) {
		int w = (int) image.dimension(0);
		int h = image.numDimensions() > 1 ? (int) image.dimension(1) : 1;
		int planeSize = w * h;
		long pixels = MemoryBudget.times(net.imglib2.util.Intervals.dimensionsAsLongArray(image));
		MemoryBudget.require(MemoryBudget.times(pixels, 8), "the input image (" + pixels + " pixels as doubles)");
		int n = (int) (Views.flatIterable(image).size() / planeSize);
		double[][] planes = new double[n][];
		Threads.parallelFor(n, 64, (from, to) -> {
			PlaneReader reader = reader(image, argb, planeSize);
			for (int p = from; p < to; p++) reader.read(p, planes[p] = new double[planeSize]);
			return 0;
		});
		return new Planes(w, h, java.util.Arrays.asList(planes));
	}

	/** A 32-bit image of the given planes: (w, h) for one plane, (w, h, n) for more. */
	public static Img<FloatType> toImg(List<double[]> planes, int width, int height) {
		Img<FloatType> img = planes.size() == 1 ? ArrayImgs.floats(width, height) : ArrayImgs.floats(width, height, planes.size());
		Cursor<FloatType> c = img.cursor();
		for (double[] plane : planes) {
			for (double v : plane) c.next().setReal(v);
		}
		return img;
	}

	public boolean isSignal() {
		return planes.size() == 1 && (width == 1 || height == 1);
	}
}
