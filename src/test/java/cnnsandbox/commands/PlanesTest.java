package cnnsandbox.commands;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import cnnsandbox.backend.Threads;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/** Reading planes: the direct array readers, the generic cursor and the parallel visit agree on every pixel. */
class PlanesTest {

	@AfterEach
	void automatic() {
		Threads.setSetting(0);
	}

	static <T extends RealType<T>> Img<T> fill(Img<T> img, long seed) {
		Random r = new Random(seed);
		for (T t : img) t.setReal(r.nextInt(250));
		return img;
	}

	/** Plane p, pixel i, as ImgLib2's own flat iteration sees it. */
	static double[][] expected(RandomAccessibleInterval<? extends RealType<?>> img, int w, int h) {
		int n = (int) (Views.flatIterable(img).size() / (w * h));
		double[][] e = new double[n][w * h];
		int k = 0;
		for (RealType<?> t : Views.flatIterable(img)) {
			e[k / (w * h)][k % (w * h)] = t.getRealDouble();
			k++;
		}
		return e;
	}

	void check(RandomAccessibleInterval<? extends RealType<?>> img, int w, int h) {
		double[][] e = expected(img, w, h);
		for (int threads = 1; threads <= 3; threads++) {
			Threads.setSetting(threads);
			Planes p = Planes.read(img);
			assertEquals(e.length, p.planes.size());
			for (int i = 0; i < e.length; i++) assertArrayEquals(e[i], p.planes.get(i), "plane " + i);
			double[][] seen = new double[e.length][];
			int n = Planes.visitLuminance(img, (i, plane) -> seen[i] = plane.clone());
			assertEquals(e.length, n);
			for (int i = 0; i < e.length; i++) assertArrayEquals(e[i], seen[i], "visited plane " + i);
		}
	}

	@Test
	void arrayPlanarAndGenericImagesReadAlike() {
		check(fill(ArrayImgs.unsignedBytes(5, 4, 300), 1), 5, 4);
		check(fill(PlanarImgs.unsignedShorts(6, 3, 7, 40), 2), 6, 3);
		check(fill(ArrayImgs.floats(3, 3, 200), 3), 3, 3);
		check(fill(ArrayImgs.doubles(4, 4, 90), 4), 4, 4); // no direct reader: the cursor
		Img<UnsignedByteType> big = fill(ArrayImgs.unsignedBytes(8, 8, 100), 5);
		check(Views.interval(big, new long[] { 1, 2, 10 }, new long[] { 6, 6, 80 }), 6, 5); // a view: the cursor
	}

	@Test
	void rgbIsReadAsLuminanceAndRefusedAsGray() {
		Img<ARGBType> rgb = ArrayImgs.argbs(2, 2, 3);
		int k = 0;
		for (ARGBType t : rgb) t.set(ARGBType.rgba(10 * k, 20, 3 * k++, 255));
		double[][] seen = new double[3][];
		Planes.visitLuminance(rgb, (i, plane) -> seen[i] = plane.clone());
		assertEquals(0.299 * 50 + 0.587 * 20 + 0.114 * 15, seen[1][1], 1e-12);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Planes.read(rgb));
		assertTrue(e.getMessage().startsWith("the image is RGB/colour"), e.getMessage());
	}
}
