package cnnsandbox.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;

class AugmentationTest {

	@Test
	void parsesTheIssuesListAndWritesItBack() {
		Augmentation a = Augmentation.parse("[flip_h, shift 2, rotate 10, noise 0.05, brightness 0.1]");
		assertEquals(5, a.steps.size());
		assertEquals("[flip_h, shift 2, rotate 10, noise 0.05, brightness 0.1]", a.toString());
		assertEquals(a.toString(), Augmentation.parse(a.toString()).toString());
		assertEquals("[shift 2, flip_h]", Augmentation.parse(" Shift 2 ,FLIP_H ").toString());
		assertSame(Augmentation.NONE, Augmentation.parse("none"));
		assertSame(Augmentation.NONE, Augmentation.parse("[]"));
		assertSame(Augmentation.NONE, Augmentation.parse(""));
		assertEquals("none", Augmentation.NONE.toString());
	}

	@Test
	void badStepsAreRefusedNamingTheStep() {
		assertMessage("augment: unknown step 'twist 3' (step 2); steps are flip_h, flip_v, shift N, rotate D", "[flip_h, twist 3]");
		assertMessage("augment: 'shift' (step 1) must be written 'shift N'", "shift");
		assertMessage("augment: 'flip_h 2' (step 1) must be written 'flip_h'", "flip_h 2");
		assertMessage("augment: 'shift 1.5' (step 1) needs a whole number of pixels from 1 to 1024", "shift 1.5");
		assertMessage("augment: 'rotate 200' (step 1) needs a number > 0 and <= 180", "rotate 200");
		assertMessage("augment: 'noise 0' (step 1) needs a number > 0 and <= 1", "noise 0");
		assertMessage("augment: step 2 is empty (two commas in a row?)", "flip_h,,shift 2");
	}

	private static void assertMessage(String expected, String text) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Augmentation.parse(text));
		assertTrue(e.getMessage().startsWith(expected), e.getMessage());
	}

	/** A 4 x 5 image of distinct values in (0, 1), 2 channels: the second is the first halved. */
	private static float[] twoChannels(int n) {
		float[] p = new float[n * 2 * 20];
		for (int k = 0; k < n; k++)
			for (int i = 0; i < 20; i++) {
				p[k * 40 + i] = (i + 1) / 21f;
				p[k * 40 + 20 + i] = (i + 1) / 42f;
			}
		return p;
	}

	@Test
	void flipHMirrorsHalfTheImagesExactly() {
		float[] p = twoChannels(200);
		int[] idx = new int[200];
		Arrays.setAll(idx, i -> i);
		float[] out = Augmentation.parse("flip_h").batch(p, idx, 2, 4, 5, 1, 1, null);
		int flipped = 0;
		for (int k = 0; k < 200; k++) {
			float[] img = Arrays.copyOfRange(out, k * 40, k * 40 + 40), mirror = new float[40];
			for (int c = 0; c < 2; c++)
				for (int y = 0; y < 4; y++)
					for (int x = 0; x < 5; x++)
						mirror[c * 20 + y * 5 + x] = p[c * 20 + y * 5 + 4 - x];
			boolean same = Arrays.equals(img, Arrays.copyOfRange(p, 0, 40)), mirrored = Arrays.equals(img, mirror);
			assertTrue(same || mirrored, "image " + k + " is the original or its mirror");
			if (mirrored) flipped++;
		}
		assertTrue(flipped > 70 && flipped < 130, flipped + " of 200 flipped (p = 0.5)");
	}

	@Test
	void shiftMovesTheImageByAtMostNPixelsWithZerosBehind() {
		float[] p = twoChannels(100);
		int[] idx = new int[100];
		Arrays.setAll(idx, i -> i);
		float[] out = Augmentation.parse("shift 1").batch(p, idx, 2, 4, 5, 7, 3, null);
		java.util.Set<String> seen = new java.util.HashSet<>();
		for (int k = 0; k < 100; k++) {
			boolean found = false;
			for (int dy = -1; dy <= 1 && !found; dy++)
				for (int dx = -1; dx <= 1 && !found; dx++) {
					boolean ok = true;
					for (int c = 0; c < 2; c++)
						for (int y = 0; y < 4; y++)
							for (int x = 0; x < 5; x++) {
								int sy = y - dy, sx = x - dx;
								float expect = sy < 0 || sy >= 4 || sx < 0 || sx >= 5 ? 0 : p[c * 20 + sy * 5 + sx];
								ok &= out[k * 40 + c * 20 + y * 5 + x] == expect;
							}
					if (ok) {
						found = true;
						seen.add(dx + "," + dy);
					}
				}
			assertTrue(found, "image " + k + " is the original shifted by at most 1 pixel, both channels alike");
		}
		assertEquals(9, seen.size(), "all 9 shifts drawn in 100 images");
	}

	@Test
	void everyGeometricStepMovesAllChannelsAlike() {
		float[] p = twoChannels(50);
		int[] idx = new int[50];
		Arrays.setAll(idx, i -> i);
		float[] out = Augmentation.parse("[flip_h, flip_v, shift 2, rotate 30]").batch(p, idx, 2, 4, 5, 3, 2, null);
		boolean changed = false;
		for (int k = 0; k < 50; k++)
			for (int i = 0; i < 20; i++) {
				assertEquals(out[k * 40 + i] / 2, out[k * 40 + 20 + i], 1e-6, "image " + k + " pixel " + i + ": channel 2 = channel 1 / 2");
				changed |= out[k * 40 + i] != p[i];
			}
		assertTrue(changed);
	}

	@Test
	void drawsDependOnSeedEpochAndImageNotOnTheBatch() {
		float[] p = new float[30 * 784];
		Random r = new Random(5);
		for (int i = 0; i < p.length; i++) p[i] = r.nextFloat();
		Augmentation a = Augmentation.parse("[flip_h, shift 2, rotate 10, noise 0.05, brightness 0.1]");
		float[] whole = a.batch(p, new int[] { 4, 9, 17 }, 1, 28, 28, 1, 2, null);
		float[] alone = a.batch(p, new int[] { 9 }, 1, 28, 28, 1, 2, null);
		assertArrayEquals(Arrays.copyOfRange(whole, 784, 2 * 784), alone, "image 9 alike in any batch");
		assertFalse(Arrays.equals(alone, a.batch(p, new int[] { 9 }, 1, 28, 28, 1, 3, null)), "another epoch, another draw");
		assertFalse(Arrays.equals(alone, a.batch(p, new int[] { 9 }, 1, 28, 28, 2, 2, null)), "another seed, another draw");
		for (float v : whole) assertTrue(v >= 0 && v <= 1, "values stay in [0, 1]");
		int[] many = new int[30];
		Arrays.setAll(many, i -> 29 - i);
		// a batch of 30 is split over the threads: each image as if drawn alone
		float[] split = a.batch(p, many, 1, 28, 28, 1, 2, null);
		for (int k = 0; k < 30; k++)
			assertArrayEquals(a.batch(p, new int[] { many[k] }, 1, 28, 28, 1, 2, null), Arrays.copyOfRange(split, k * 784, (k + 1) * 784), "image " + many[k]);
	}

	@Test
	void rotateTurnsAboutTheCentre() {
		// one bright pixel 3 above the centre of a 9 x 9 image: after any rotation its mass sits 3 from the centre
		float[] p = new float[20 * 81];
		int[] idx = new int[20];
		for (int k = 0; k < 20; k++) {
			p[k * 81 + 1 * 9 + 4] = 1;
			idx[k] = k;
		}
		float[] out = Augmentation.parse("rotate 90").batch(p, idx, 1, 9, 9, 1, 1, null);
		boolean turned = false;
		for (int k = 0; k < 20; k++) {
			double mass = 0, mx = 0, my = 0;
			for (int y = 0; y < 9; y++)
				for (int x = 0; x < 9; x++) {
					double v = out[k * 81 + y * 9 + x];
					mass += v;
					mx += v * x;
					my += v * y;
				}
			double d = Math.hypot(mx / mass - 4, my / mass - 4);
			assertEquals(3, d, 0.35, "image " + k + ": distance from the centre");
			assertTrue(mass > 0.5 && mass < 1.5, "bilinear sampling keeps roughly the pixel's mass (not exactly: it samples, it does not splat): " + mass);
			turned |= Math.abs(mx / mass - 4) > 1;
		}
		assertTrue(turned, "some draws turn the pixel well off the vertical");
	}

	/** Training with augmentation reads the dataset, never changes it, and evaluates on the images as they are. */
	@Test
	void trainingAugmentsBatchesNotTheDataset() throws Exception {
		assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST not installed");
		LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 500);
		LabeledImages test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 200);
		float[] before = train.pixels.clone();
		TrainingSettings s = new TrainingSettings(Architecture.MLP);
		s.epochs = 2;
		s.batchSize = 50;
		TrainingResult plain = new Trainer().train(s, train, test, null, null);
		s.augmentation = Augmentation.parse("[shift 2, flip_h]");
		TrainingResult a = new Trainer().train(s, train, test, null, null), b = new Trainer().train(s, train, test, null, null);
		assertArrayEquals(before, train.pixels, "the training images are untouched");
		assertEquals(plain.epochs.get(0).testLoss, a.epochs.get(0).testLoss, "epoch 0: the same evaluation");
		assertNotEquals(plain.last().testLoss, a.last().testLoss, "augmented batches train differently");
		assertEquals(a.last().testLoss, b.last().testLoss, "same seed, same result");
	}
}
