package cnnsandbox.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.real.FloatType;

class PlanesTest {

	@Test
	void aStackIsReadPlaneByPlaneRowMajor() {
		Img<net.imglib2.type.numeric.integer.UnsignedShortType> img = ArrayImgs.unsignedShorts(new short[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, 3, 2, 2);
		Planes p = Planes.read(img);
		assertEquals(3, p.width);
		assertEquals(2, p.height);
		assertEquals(2, p.planes.size());
		assertArrayEquals(new double[] { 7, 8, 9, 10, 11, 12 }, p.planes.get(1));
		assertFalse(p.isSignal());
		assertTrue(Planes.read(ArrayImgs.floats(1, 601)).isSignal(), "an N x 1 image is a signal");
	}

	@Test
	void rgbIsRefusedForIntensitiesButReadAsLuminanceForClassifiers() {
		Img<ARGBType> rgb = ArrayImgs.argbs(new int[] { ARGBType.rgba(255, 0, 0, 255), ARGBType.rgba(0, 0, 255, 255) }, 2, 1);
		String message = assertThrows(IllegalArgumentException.class, () -> Planes.read(rgb)).getMessage();
		assertTrue(message.contains("RGB") && message.contains("Image > Type"), message);
		assertArrayEquals(new double[] { 0.299 * 255, 0.114 * 255 }, Planes.readLuminance(rgb).planes.get(0), 1e-9);
	}

	@Test
	void toImgRoundTrips() {
		List<double[]> planes = List.of(new double[] { 1, 2 }, new double[] { 3, 4 });
		Img<FloatType> img = Planes.toImg(planes, 2, 1);
		assertEquals(3, img.numDimensions());
		assertArrayEquals(planes.get(1), Planes.read(img).planes.get(1));
	}
}
