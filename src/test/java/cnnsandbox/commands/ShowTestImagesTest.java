package cnnsandbox.commands;

import static cnnsandbox.commands.DeblurSignalTest.assertMessage;
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
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** Show Test Images on the small trained MLP. */
class ShowTestImagesTest {

	@Test
	void showTestImagesListsAPairOrSaysThereIsNone() {
		FashionFixtures f = FashionFixtures.get();
		Module m = f.run("Show Test Images", "model_file=" + f.mlp + " true_class=0 predicted_class=Shirt test_limit=" + FashionFixtures.TEST_LIMIT);
		ImagePlus stack = (ImagePlus) m.getOutput("test_images");
		if (stack != null) {
			assertTrue(stack.getStack().getSliceLabel(1).contains("T-shirt/top -> Shirt"), stack.getStack().getSliceLabel(1));
		}
		assertTrue(((String) m.getOutput("message")).contains("T-shirt/top classified as Shirt"));
		Module none = f.run("Show Test Images", "model_file=" + f.mlp + " true_class=0 predicted_class=6 test_limit=1");
		assertNull(none.getOutput("test_images"));
		assertTrue(((String) none.getOutput("message")).startsWith("No test image"), (String) none.getOutput("message"));
	}
}
