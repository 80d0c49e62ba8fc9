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
		assertEquals("Epoch 2/3: " + second.workshopLine(), TrainFashionClassifier.epochLine(second, 3), "no rate where the file has none");
		cnnsandbox.training.EpochRecord withRate = new cnnsandbox.training.EpochRecord(2, 1.5, 0.4, 0.5, 80, 100, 0.79, 0.01 * 0.5);
		assertEquals("Epoch 2/3: " + withRate.workshopLine() + ", learning rate 0.005", TrainFashionClassifier.epochLine(withRate, 3));
		assertEquals("Epoch 0/3: " + withRate.workshopLine(), TrainFashionClassifier.epochLine(
			new cnnsandbox.training.EpochRecord(0, 1.5, Double.NaN, 0.5, 80, 100, 0.79, Double.NaN), 3), "epoch 0: no rate");
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
}
