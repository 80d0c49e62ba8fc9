package cnnsandbox.commands;

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
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;

/** Show Filters on the small trained MLP and CNN. */
class ShowFiltersTest {

	@Test
	void showFiltersGivesConv1KernelsAndFc1WeightImages() {
		FashionFixtures f = FashionFixtures.get();
		Module cnn = f.run("Show Filters", "model_file=" + f.cnn);
		ImagePlus conv = (ImagePlus) cnn.getOutput("filters");
		ImagePlus montage = (ImagePlus) cnn.getOutput("filter_montage");
		// 32 filters on a 6 x 6 grid: the last 4 cells are unused, and must read as zero weights (mid grey), not black
		int cell = (montage.getWidth() + cnnsandbox.outputs.FilterOutputs.GAP) / 6;
		ij.process.ImageProcessor ip = montage.getProcessor();
		assertEquals(0, ip.getf(5 * cell + cell / 2, 5 * cell + cell / 2), 0, "an unused cell");
		assertEquals(0, ip.getf(cell - 1, cell / 2), 0, "a gap");
		assertTrue(ip.getf(cell / 2, cell / 2) != 0, "a used cell");
		assertEquals(32, conv.getStackSize());
		assertEquals(3, conv.getWidth());
		assertEquals(-conv.getDisplayRangeMax(), conv.getDisplayRangeMin(), 1e-9, "one symmetric scale");
		ImagePlus dense = (ImagePlus) f.run("Show Filters", "model_file=" + f.mlp).getOutput("filters");
		assertEquals(100, dense.getStackSize());
		assertEquals(28, dense.getWidth());
	}
}
