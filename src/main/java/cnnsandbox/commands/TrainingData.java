package cnnsandbox.commands;

import java.io.IOException;

import cnnsandbox.data.Dataset;
import cnnsandbox.model.TrainingSettings;

/** The training and test images that training settings name (data_dir, input_size, test_fraction, seed, limits). */
final class TrainingData {

	private TrainingData() {}

	/** @throws IllegalArgumentException with the reader's one-line message */
	static Dataset.Split load(TrainingSettings s) {
		Dataset.Options o = new Dataset.Options();
		o.inputSize = s.inputSize;
		o.testFraction = s.testFraction;
		o.seed = s.seed;
		o.trainLimit = s.trainLimit;
		o.testLimit = s.testLimit;
		try {
			return Dataset.load(s.dataDir, o);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
	}
}
