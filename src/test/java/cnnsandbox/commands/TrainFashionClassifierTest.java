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
