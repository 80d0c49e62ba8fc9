package cnnsandbox.commands;

import cnnsandbox.hosting.MacroOptions;
import static cnnsandbox.commands.CommandContextTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.module.Module;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.training.Classifier;
import cnnsandbox.modelfile.ModelFile;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** Train Fashion Classifier on real Fashion-MNIST slices, as a macro runs it. */
class TrainFashionClassifierTest {

	@Test
	void trainingReportsEveryEpochAndSavesALoadableModel() throws Exception {
		FashionFixtures f = FashionFixtures.get();
		ResultsTable log = (ResultsTable) f.mlpRun.getOutput("training_log");
		assertEquals(3, log.size(), "epoch 0 (before training) + 2 epochs");
		assertEquals(0, log.getValue("epoch", 0));
		double accuracy = log.getValue("test_accuracy", 2);
		assertTrue(accuracy >= 0.70, "MLP on 3000 images, 2 epochs: accuracy " + accuracy);
		assertTrue(log.getValue("test_loss", 2) < log.getValue("test_loss", 0), "test loss decreases");
		assertEquals(Math.round(accuracy * FashionFixtures.TEST_LIMIT), log.getValue("correct", 2));
		ResultsTable cm = (ResultsTable) f.mlpRun.getOutput("confusion_matrix");
		assertEquals(10, cm.size());
		assertEquals("T-shirt/top", cm.getStringValue("true_class", 0));
		ImagePlus wrong = (ImagePlus) f.mlpRun.getOutput("misclassified");
		assertTrue(wrong.getStack().getSliceLabel(1).contains(" -> "), wrong.getStack().getSliceLabel(1));
		assertTrue(((ImagePlus) f.mlpRun.getOutput("confusion_heatmap")).getHeight() >= 10 * 40, "a readable cell per class pair");
		Classifier model = ModelFile.load(f.mlp);
		assertEquals(accuracy, model.finalAccuracy(), 1e-9);
		assertEquals(2, model.settings().epochs);
	}

	/** augment, schedule and class_weights by macro key: the rate per epoch and the recall per class in the tables, the keys in the model file. */
	@Test
	void augmentScheduleAndClassWeightsShowInTheTablesAndTheModel() throws Exception {
		FashionFixtures f = FashionFixtures.get();
		ResultsTable plain = (ResultsTable) f.mlpRun.getOutput("training_log");
		assertEquals(0.001, plain.getValue("learning_rate", 1), 1e-15, "the default schedule: learning_rate throughout");
		assertEquals(0.001, plain.getValue("learning_rate", 2), 1e-15);
		Path p = f.dir.resolve("choices" + ModelFile.EXTENSION);
		Module run = f.run("Train Fashion Classifier", "model=MLP epochs=3 batch_size=50 train_limit=500 test_limit=200 "
			+ "augment=[shift 2, flip_h] schedule=[step 1 0.5] class_weights=balanced model_file=" + p);
		ResultsTable log = (ResultsTable) run.getOutput("training_log");
		assertEquals("", log.getStringValue("learning_rate", 0), "epoch 0 trains at no rate");
		double[] rates = { 0.01, 0.005, 0.0025 };
		for (int e = 1; e <= 3; e++) assertEquals(rates[e - 1], log.getValue("learning_rate", e), 1e-15, "epoch " + e);
		ResultsTable cm = (ResultsTable) run.getOutput("confusion_matrix");
		double recallSum = 0;
		for (int i = 0; i < 10; i++) {
			double row = 0;
			for (String name : FashionMnist.CLASS_NAMES) row += cm.getValue(name, i);
			double recall = cm.getValue(FashionMnist.CLASS_NAMES.get(i), i) / row;
			assertEquals(recall, cm.getValue("recall", i), 1e-12, "recall of " + FashionMnist.CLASS_NAMES.get(i));
			recallSum += recall;
		}
		assertEquals(recallSum / 10, log.getValue("balanced_accuracy", 3), 1e-12, "balanced accuracy: the mean recall");
		cnnsandbox.training.EpochRecord second = ModelFile.load(p).epochLog().get(2);
		assertEquals("Epoch 2/3: " + second.workshopLine() + ", learning rate 0.005", TrainFashionClassifier.epochLine(second, 3),
			"the model file keeps each epoch's rate");
		assertEquals(log.getValue("balanced_accuracy", 2), second.balancedAccuracy, 1e-12, "and its balanced accuracy");
		cnnsandbox.training.EpochRecord noRate = new cnnsandbox.training.EpochRecord(2, 1.5, 0.4, 0.5, 80, 100);
		assertEquals("Epoch 2/3: " + noRate.workshopLine(), TrainFashionClassifier.epochLine(noRate, 3), "no rate where the file has none");
		cnnsandbox.training.EpochRecord first = ModelFile.load(p).epochLog().get(0);
		assertEquals("Epoch 0/3: " + first.workshopLine(), TrainFashionClassifier.epochLine(first, 3), "epoch 0: no rate");
		Classifier model = ModelFile.load(p);
		assertEquals("[shift 2, flip_h]", model.settings().augmentation.toString());
		assertEquals("step 1 0.5", model.settings().schedule.toString());
		assertEquals("balanced", model.settings().classWeights.label());
	}

	@Test
	void badAugmentScheduleOrClassWeightsAreRefusedBeforeTraining() {
		FashionFixtures f = FashionFixtures.get();
		Path never = f.dir.resolve("never-choices" + ModelFile.EXTENSION);
		String base = "train_limit=100 test_limit=100 epochs=1 model_file=" + never + " ";
		assertMessage("augment: unknown step 'twist 3' (step 2)", () -> f.run("Train Fashion Classifier", base + "augment=[flip_h, twist 3]"));
		assertMessage("schedule must be constant, step N F, cosine or plateau N F", () -> f.run("Train Fashion Classifier", base + "schedule=[step 5]"));
		assertMessage("class_weights", () -> f.run("Train Fashion Classifier", base + "class_weights=inverse"));
		assertFalse(Files.exists(never));
	}

	@Test
	void trainingRefusesBadInputWithoutWritingAModel() {
		FashionFixtures f = FashionFixtures.get();
		Path never = f.dir.resolve("never" + ModelFile.EXTENSION);
		assertMessage("epochs", () -> f.run("Train Fashion Classifier", "epochs=-1 model_file=" + never));
		assertMessage("model", () -> f.run("Train Fashion Classifier", "model=ResNet model_file=" + never));
		assertMessage("not found", () -> f.run("Train Fashion Classifier",
			"train_limit=100 test_limit=100 epochs=1 data_dir=" + f.dir.resolve("nothing-here") + " model_file=" + never));
		assertFalse(Files.exists(never));
	}

	@Test
	void cancellingDuringTrainingWritesNoModel() throws Exception {
		FashionFixtures f = FashionFixtures.get();
		Path target = f.dir.resolve("cancelled" + ModelFile.EXTENSION);
		org.scijava.module.ModuleService modules = f.context.service(org.scijava.module.ModuleService.class);
		Module module = modules.createModule(f.runner.find("Train Fashion Classifier"));
		for (Map.Entry<String, String> e : MacroOptions.parse("model=MLP epochs=20 batch_size=50 train_limit=3000 test_limit=200 "
			+ "model_file=" + target).entrySet()) {
			Object value = e.getKey().equals("model_file") ? target.toFile() : e.getValue();
			module.setInput(e.getKey(), e.getKey().matches("epochs|batch_size|train_limit|test_limit") ? Integer.valueOf(e.getValue()) : value);
			module.resolveInput(e.getKey());
		}
		for (org.scijava.module.ModuleItem<?> item : module.getInfo().inputs()) module.resolveInput(item.getName());
		// Cancel as the user does (the task's cancel button sets the command's cancel flag) at the first batch.
		Object cancelOnFirstBatch = new Object() {
			@org.scijava.event.EventHandler
			public void onStatus(org.scijava.app.event.StatusEvent event) {
				if (event.getStatusMessage() != null && event.getStatusMessage().contains("batch")) {
					((org.scijava.Cancelable) module.getDelegateObject()).cancel("cancelled by the test");
				}
			}
		};
		f.context.service(org.scijava.event.EventService.class).subscribe(cancelOnFirstBatch);
		modules.run(module, true).get();
		org.scijava.Cancelable command = (org.scijava.Cancelable) module.getDelegateObject();
		assertTrue(command.isCanceled() && command.getCancelReason().contains("cancelled"), command.getCancelReason());
		assertFalse(Files.exists(target), "a cancelled training writes no model");
		try (java.util.stream.Stream<Path> files = Files.list(f.dir)) {
			assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("cancelled")), "and no temporary file");
		}
		assertNull(module.getOutput("training_log"));
	}

	/** validation_fraction, patience and keep=best as a macro sets them: the table's columns and its mark on the kept epoch. */
	@Test
	void keepBestMarksTheKeptEpochAndSavesItsWeights() throws Exception {
		FashionFixtures f = FashionFixtures.get();
		Path file = f.dir.resolve("best" + ModelFile.EXTENSION);
		Module run = f.run("Train Fashion Classifier", "model=MLP epochs=40 batch_size=30 optimizer=Adam learning_rate=0.01 "
			+ "train_limit=300 test_limit=500 validation_fraction=0.2 patience=3 keep=best model_file=" + file);
		ResultsTable log = (ResultsTable) run.getOutput("training_log");
		int best = 0, marked = -1;
		for (int row = 0; row < log.size(); row++) {
			if (log.getValue("val_loss", row) < log.getValue("val_loss", best)) best = row;
			if (log.getValue("kept", row) == 1) {
				assertEquals(-1, marked, "one kept row");
				marked = row;
			}
		}
		assertEquals(best, marked, "the row with the lowest val_loss is marked kept");
		assertTrue(log.size() < 41, "patience stopped it: " + log.size() + " rows");
		assertEquals(best + 3, log.size() - 1, "3 epochs after the best");
		assertTrue(log.getValue("train_accuracy", log.size() - 1) > log.getValue("val_accuracy", log.size() - 1), "it overfits");
		Classifier saved = ModelFile.load(file);
		assertEquals(log.getValue("test_accuracy", best), saved.finalAccuracy(), 1e-9);
	}

	/** checkpoint_every writes the model during training; initial_model resumes from it where it stopped. */
	@Test
	void aCheckpointResumesWhereItStopped() throws Exception {
		FashionFixtures f = FashionFixtures.get();
		Path file = f.dir.resolve("checkpointed" + ModelFile.EXTENSION), resumed = f.dir.resolve("resumed" + ModelFile.EXTENSION);
		String keys = "model=MLP batch_size=50 train_limit=600 test_limit=300 ";
		f.run("Train Fashion Classifier", keys + "epochs=2 checkpoint_every=1 model_file=" + file);
		Classifier two = ModelFile.load(file);
		assertEquals(2, two.optimizerState().epochs);
		Module run = f.run("Train Fashion Classifier", keys + "epochs=1 initial_model=" + file + " model_file=" + resumed);
		ResultsTable log = (ResultsTable) run.getOutput("training_log");
		assertEquals(two.finalAccuracy(), log.getValue("test_accuracy", 0), 1e-9, "epoch 0 is the saved model");
		assertEquals(3, ModelFile.load(resumed).optimizerState().epochs);
		Module three = f.run("Train Fashion Classifier", keys + "epochs=3");
		assertEquals(((ResultsTable) three.getOutput("training_log")).getValue("test_loss", 3), log.getValue("test_loss", 1), 0,
			"3 epochs = 2 + 1 resumed");
	}

	@Test
	void badValidationAndResumeKeysAreRefusedWithoutWritingAModel() {
		FashionFixtures f = FashionFixtures.get();
		Path never = f.dir.resolve("never-resumed" + ModelFile.EXTENSION);
		String keys = "model=MLP epochs=1 train_limit=300 test_limit=100 ";
		assertMessage("keep=best needs a validation set", () -> f.run("Train Fashion Classifier", keys + "keep=best model_file=" + never));
		assertMessage("checkpoint_every=2 needs model_file", () -> f.run("Train Fashion Classifier", keys + "checkpoint_every=2"));
		assertMessage("freeze must be the name of a conv or dense layer of the network (fc1, fc2)",
			() -> f.run("Train Fashion Classifier", keys + "freeze=conv2 model_file=" + never));
		assertMessage("initial_model", () -> f.run("Train Fashion Classifier", keys + "initial_model=" + f.dir.resolve("missing.zip")
			+ " model_file=" + never));
		assertFalse(Files.exists(never));
	}

	/** Any model file starts a run: an ONNX export imported back (no optimizer state) is fine-tuned on two classes. */
	@Test
	void anImportedModelIsFineTunedOnOtherClasses() throws Exception {
		FashionFixtures f = FashionFixtures.get();
		Path onnx = f.dir.resolve("for-tuning.onnx"), imported = f.dir.resolve("imported" + ModelFile.EXTENSION);
		f.run("Export Model", "model_file=" + f.cnn + " format=ONNX output_file=" + onnx);
		f.run("Import Model", "input_file=" + onnx + " output_file=" + imported);
		String[] names = { "shirt", "trouser", "bag" }; // Fashion-MNIST classes 0, 1 and 8 under new names
		int[] classes = { 0, 1, 8 };
		ij.ImageStack stack = new ij.ImageStack(28, 28);
		for (int i = 0; i < f.test.n; i++)
			for (int k = 0; k < classes.length; k++)
				if (f.test.labels[i] == classes[k])
					stack.addSlice(names[k], new ij.process.ByteProcessor(cnnsandbox.data.FashionFolders.gray(f.test, i)));
		Module run = f.run("Train Fashion Classifier", "data_source=image epochs=2 batch_size=20 optimizer=Adam learning_rate=0.001 "
			+ "initial_model=" + imported + " freeze=conv2", cnnsandbox.ij1.ImagePlusAdapter.wrap(new ImagePlus("labelled", stack)));
		ResultsTable log = (ResultsTable) run.getOutput("training_log");
		assertEquals(3, log.size());
		assertTrue(log.getValue("test_accuracy", 2) > 0.85, "3 classes from a Fashion-MNIST CNN: " + log.getValue("test_accuracy", 2));
	}
}
