package cnnsandbox.training;

import cnnsandbox.data.Dataset;
import cnnsandbox.data.LabeledImages;

/**
 * The validation images held out of the training images: the test split's rule ({@link Dataset#split}: per class,
 * at least one of a class of two or more, seeded shuffle, order kept) with its own stream of the seed, so that the
 * validation set does not follow the test split's choices.
 */
public final class ValidationSplit {

	/** What is left to train on. */
	public final LabeledImages train;
	/** The held-out images; null without validation. */
	public final LabeledImages validation;

	private ValidationSplit(LabeledImages train, LabeledImages validation) {
		this.train = train;
		this.validation = validation;
	}

	/** {@code fraction} of {@code all} held out (0: none, all kept for training). */
	public static ValidationSplit of(LabeledImages all, double fraction, long seed) {
		if (fraction <= 0)
			return new ValidationSplit(all, null);
		Dataset.Options o = new Dataset.Options();
		o.testFraction = fraction;
		Dataset.Split s = Dataset.split(all, o, seed * 0x5851F42D4C957F2DL + 7);
		if (s.test.n == 0)
			throw new IllegalArgumentException("validation_fraction=" + fraction + " holds out no image: every class has a single "
				+ "training image; give more images, or validation_fraction=0");
		return new ValidationSplit(s.train, s.test);
	}
}
