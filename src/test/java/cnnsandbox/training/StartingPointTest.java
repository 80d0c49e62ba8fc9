package cnnsandbox.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;
import cnnsandbox.modelfile.ModelFile;

/**
 * initial_model on real Fashion-MNIST slices: a resumed run continues bit for bit (weights, optimiser state,
 * batch order and dropout), and fine-tuning on other classes keeps the frozen layers bit for bit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartingPointTest {

	LabeledImages train, test;

	@TempDir
	Path dir;

	@BeforeAll
	void load() throws IOException {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST in " + FashionMnist.DEFAULT_DIR);
		train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 3000);
		test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false, 500);
	}

	static TrainingSettings cnnAdam(int epochs) {
		TrainingSettings s = new TrainingSettings(Architecture.CNN); // dropout: the mask stream must resume too
		s.optimizer = Optimizer.ADAM;
		s.learningRate = 0.001;
		s.batchSize = 50;
		s.epochs = epochs;
		return s;
	}

	static TrainingSettings mlpSgd(int epochs) {
		TrainingSettings s = new TrainingSettings(Architecture.MLP); // the workshop's SGD, momentum 0.5: a velocity to resume
		s.batchSize = 50;
		s.epochs = epochs;
		return s;
	}

	/** Saved and read back, as initial_model reads a checkpoint. */
	Classifier roundTrip(Classifier c, String name) throws IOException {
		Path file = dir.resolve(name + ModelFile.EXTENSION);
		ModelFile.save(c, file);
		return ModelFile.load(file);
	}

	/** The Must show: 4 epochs = 2 epochs + 2 resumed from the epoch-2 checkpoint (and from a 2-epoch run's model). */
	@Test
	void resumingFromACheckpointIsExact() throws IOException {
		for (TrainingSettings four : List.of(cnnAdam(4), mlpSgd(4))) {
			LabeledImages slice = train.head(1000);
			four.resume.checkpointEvery = 2;
			if (four.architecture == Architecture.MLP) // augmentations are drawn per epoch of the whole run, so they resume too
				four.augmentation = Augmentation.parse("[shift 2, flip_h]");
			List<Classifier> checkpoints = new ArrayList<>();
			TrainingResult whole = new Trainer().train(four, slice, test, new TrainingListener() {
				@Override
				public void checkpoint(Classifier model) {
					checkpoints.add(model);
				}
			}, null);
			assertEquals(1, checkpoints.size(), "epoch 2 of 4 (epoch 4 is the final model)");
			Classifier checkpoint = roundTrip(checkpoints.get(0), "checkpoint");
			assertNotNull(checkpoint.optimizerState());
			assertEquals(2, checkpoint.optimizerState().epochs);
			assertEquals(40, checkpoint.optimizerState().iterations, "20 batches of 50 per epoch");

			TrainingSettings two = four.copy();
			two.epochs = 2;
			two.resume.checkpointEvery = 0;
			TrainingResult resumed = new Trainer().train(two, slice, test, checkpoint, null, null);
			assertTrue(FashionSubsets.sameBits(whole.classifier, resumed.classifier), four.architecture + ": 2 + 2 resumed epochs differ from 4");
			// the resumed run's epoch 0 evaluates the saved weights: the saved model's final accuracy
			assertEquals(checkpoint.finalAccuracy(), resumed.epochs.get(0).testAccuracy);
			assertEquals(whole.epochs.get(2).correct, resumed.epochs.get(0).correct);
			assertEquals(whole.last().correct, resumed.last().correct);
			assertEquals(4, resumed.classifier.optimizerState().epochs);

			// a 2-epoch run's saved model resumes the same way
			TrainingResult first = new Trainer().train(two, slice, test, null, null);
			TrainingResult again = new Trainer().train(two, slice, test, roundTrip(first.classifier, "two"), null, null);
			assertTrue(FashionSubsets.sameBits(whole.classifier, again.classifier));

			// without its optimiser state the same weights train elsewhere: the state is what makes it exact
			Classifier bare = new Classifier(checkpoint.architecture(), checkpoint.layers(), checkpoint.classNames(), checkpoint.settings(),
				checkpoint.epochLog(), checkpoint.finalAccuracy(), "", "", "", checkpoint.params());
			TrainingResult fresh = new Trainer().train(two, slice, test, bare, null, null);
			assertFalse(FashionSubsets.sameBits(whole.classifier, fresh.classifier), "the test can tell");
		}
	}

	/** Esc in epoch 3 with checkpoints on: the saved model is epoch 2's with its optimizer state, and resumes exactly. */
	@Test
	void stoppingWithCheckpointsKeepsTheStateOfTheLastFinishedEpoch() throws IOException {
		LabeledImages slice = train.head(500);
		TrainingSettings s = mlpSgd(4);
		s.resume.checkpointEvery = 1;
		java.util.concurrent.atomic.AtomicBoolean inThird = new java.util.concurrent.atomic.AtomicBoolean();
		TrainingResult stopped = new Trainer().train(s, slice, test, new TrainingListener() {
			@Override
			public void batch(int epoch, int batch, int batchesPerEpoch) {
				if (epoch == 3 && batch == 2) inThird.set(true);
			}
		}, inThird::get);
		assertEquals(2, stopped.stoppedAtEpoch);
		assertEquals(2, stopped.classifier.optimizerState().epochs);
		TrainingSettings two = mlpSgd(2);
		TrainingResult resumed = new Trainer().train(two, slice, test, roundTrip(stopped.classifier, "stopped"), null, null);
		assertTrue(FashionSubsets.sameBits(new Trainer().train(mlpSgd(4), slice, test, null, null).classifier, resumed.classifier));
	}

	/** The Must show: a CNN of classes 0-4 fine-tuned on 5-9 with freeze=conv2 keeps conv1 and conv2 bit for bit. */
	@Test
	void fineTuningReplacesTheLastLayerAndKeepsTheFrozenOnes() throws IOException {
		TrainingSettings pre = cnnAdam(1);
		Classifier base = roundTrip(new Trainer().train(pre, FashionSubsets.classes(train, 0, 4, 0),
			FashionSubsets.classes(test, 0, 4, 0), null, null).classifier, "base");
		LabeledImages newTrain = FashionSubsets.classes(train, 5, 9, 50), newTest = FashionSubsets.classes(test, 5, 9, 0);
		TrainingSettings tune = cnnAdam(2);
		tune.resume.freeze = "conv2";
		List<String> lines = new ArrayList<>();
		TrainingResult r = new Trainer().train(tune, newTrain, newTest, base, new TrainingListener() {
			@Override
			public void info(String line) {
				lines.add(line);
			}
		}, null);
		Classifier tuned = r.classifier;
		assertEquals(FashionMnist.CLASS_NAMES.subList(5, 10), tuned.classNames());
		assertArrayEquals(new long[] { 128, 5 }, tuned.parameter("fc2_W").shape(), "a fresh last layer for 5 classes");
		for (String frozen : List.of("conv1_W", "conv1_b", "conv2_W", "conv2_b"))
			assertArrayEquals(FashionSubsets.values(base, frozen), FashionSubsets.values(tuned, frozen), frozen + " moved");
		assertFalse(Arrays.equals(FashionSubsets.values(base, "fc1_W"), FashionSubsets.values(tuned, "fc1_W")), "fc1 trains");
		assertTrue(r.last().testAccuracy > 0.6, r.last().toString());
		assertTrue(lines.stream().anyMatch(l -> l.contains("last layer fc2") && l.contains("replaced")), lines.toString());
		assertEquals(2, tuned.optimizerState().epochs, "a fine-tuned model counts its own epochs");

		// without freeze, conv1 moves: the frozen check above can fail
		tune.resume.freeze = "";
		Classifier all = new Trainer().train(tune, newTrain, newTest, base, null, null).classifier;
		assertFalse(Arrays.equals(FashionSubsets.values(base, "conv1_W"), FashionSubsets.values(all, "conv1_W")));
	}

	@Test
	void badStartsAreRefusedNamingTheKey() {
		TrainingSettings s = mlpSgd(1);
		s.resume.freeze = "conv9";
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer().train(s, train.head(200), test, null, null));
		assertTrue(e.getMessage().startsWith("freeze must be") && e.getMessage().contains("fc1, fc2"), e.getMessage());
		s.resume.freeze = "fc2";
		e = assertThrows(IllegalArgumentException.class, () -> new Trainer().train(s, train.head(200), test, null, null));
		assertTrue(e.getMessage().contains("leaves nothing to train"), e.getMessage());
		s.resume.freeze = "";
		Classifier mlp = new Trainer().train(s, train.head(200), test, null, null).classifier;
		LabeledImages small = new LabeledImages(14, 14, new float[4 * 196], new int[] { 0, 1, 0, 1 });
		e = assertThrows(IllegalArgumentException.class, () -> new Trainer().train(s, small, small, mlp, null, null));
		assertTrue(e.getMessage().startsWith("initial_model takes images of 28 x 28") && e.getMessage().contains("input_size=28"), e.getMessage());
		LabeledImages colour = new LabeledImages(3, 28, 28, new float[4 * 3 * 784], new int[] { 0, 1, 0, 1 }, mlp.classNames());
		e = assertThrows(IllegalArgumentException.class, () -> new Trainer().train(s, colour, colour, mlp, null, null));
		assertTrue(e.getMessage().startsWith("initial_model takes images of 1 channel(s), the training images have 3: set channels=grey"),
			e.getMessage());
		// the settings line leaves model and hidden out when initial_model's layers are trained
		s.resume.initialModel = dir.resolve("m" + ModelFile.EXTENSION);
		assertTrue(s.toString().startsWith("batch_size=") && s.toString().contains(" initial_model="), s.toString());
	}
}
