package cnnsandbox.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Preparing arbitrary images for a 28 x 28 Fashion-MNIST model. */
class InputFitterTest {

	static double[] square(int w, int h, int x0, int y0, int size, double fg, double bg) {
		double[] v = new double[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) v[y * w + x] = x >= x0 && x < x0 + size && y >= y0 && y < y0 + size ? fg : bg;
		}
		return v;
	}

	@Test
	void aTrainingLikeImagePassesThroughUnchanged() {
		double[] v = square(28, 28, 6, 6, 16, 0.8, 0);
		boolean[] inverted = new boolean[1];
		float[] out = new InputFitter(28, 28, InputFitter.Invert.AUTO).fit(v, 28, 28, inverted);
		assertFalse(inverted[0]);
		for (int i = 0; i < v.length; i++) assertEquals(v[i], out[i], 1e-7);
	}

	@Test
	void aDarkObjectOnWhiteIsInvertedTrimmedAndFitted() {
		// a 40 x 40 dark square in a 280 x 200 white image becomes a bright square filling the 28 x 28 frame
		double[] v = square(280, 200, 100, 50, 40, 0.1, 1.0);
		boolean[] inverted = new boolean[1];
		float[] out = new InputFitter(28, 28, InputFitter.Invert.AUTO).fit(v, 280, 200, inverted);
		assertTrue(inverted[0]);
		assertEquals(0.9, out[14 * 28 + 14], 1e-6);
		assertEquals(0.9, out[0], 1e-6, "the object fills the frame after trimming");
	}

	@Test
	void aWideObjectKeepsItsAspectRatioAndIsPaddedWithBackground() {
		double[] v = new double[100 * 100];
		for (int y = 40; y < 60; y++) for (int x = 0; x < 100; x++) v[y * 100 + x] = 1; // 100 x 20 bar
		float[] out = new InputFitter(28, 28, InputFitter.Invert.NO).fit(v, 100, 100, null);
		int rowsWithBar = 0;
		for (int y = 0; y < 28; y++) if (out[y * 28 + 14] > 0.5) rowsWithBar++;
		assertTrue(rowsWithBar >= 5 && rowsWithBar <= 6, "20/100 of 28 rows: " + rowsWithBar);
		assertEquals(0, out[0], 1e-9, "padding is the background");
	}

	/**
	 * Channels are fitted as one picture: one channel is fit() exactly; a second channel half the first is fitted to
	 * half the first's result (same box, same scale: registered), though alone it would be trimmed differently.
	 */
	@Test
	void channelsAreFittedAlikeAndStayRegistered() {
		double[] one = square(280, 200, 100, 50, 40, 0.1, 1.0);
		InputFitter f = new InputFitter(28, 28, InputFitter.Invert.AUTO);
		assertArrayEquals(f.fit(one, 280, 200, null), f.fitChannels(one, 1, 280, 200, null, null), 0f);
		double[] two = new double[2 * one.length];
		for (int i = 0; i < one.length; i++) {
			two[i] = one[i];
			two[one.length + i] = 0.5 * one[i];
		}
		boolean[] inverted = new boolean[1];
		float[] fitted = f.fitChannels(two, 2, 280, 200, inverted, null);
		assertTrue(inverted[0], "the mean of the channels is light on its border: inverted, as each channel alone would be");
		assertEquals(2 * 28 * 28, fitted.length);
		float[] first = f.fit(one, 280, 200, null);
		for (int i = 0; i < 28 * 28; i++) {
			// the second channel, inverted: 1 - v/2 = 0.5 + (1 - v)/2, i.e. 0.5 + first/2
			assertEquals(0.5 + first[i] / 2, fitted[28 * 28 + i], 1e-5, "pixel " + i);
			assertEquals(first[i], fitted[i], 1e-6, "pixel " + i);
		}
	}

	@Test
	void areaAveragingKeepsTheMean() {
		double[] v = new double[70 * 70];
		for (int i = 0; i < v.length; i++) v[i] = (i * 37 % 101) / 100.0;
		double[] small = InputFitter.areaAverage(v, 70, 70, 28, 28);
		double a = 0, b = 0;
		for (double x : v) a += x;
		for (double x : small) b += x;
		assertEquals(a / v.length, b / small.length, 1e-9);
	}

	@Test
	void tinyImagesAndBadValuesAreRefused() {
		InputFitter f = new InputFitter(28, 28, InputFitter.Invert.AUTO);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> f.fit(new double[1], 1, 1, null)).getMessage().contains("too small"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Intensity.STRETCH.apply(new double[] { 1, Double.NaN }))
			.getMessage().contains("NaN"));
		double[] bytes = { 0, 255 };
		Intensity.BYTE.apply(bytes);
		assertArrayEquals(new double[] { 0, 1 }, bytes);
	}
}
