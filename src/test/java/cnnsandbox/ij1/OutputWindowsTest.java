package cnnsandbox.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Dimension;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

class OutputWindowsTest {

	static final Dimension SCREEN = new Dimension(1600, 1000);

	@Test
	void smallImagesOpenAtAZoomLevelThatMakesTheirShorterSideAbout200Pixels() {
		assertEquals(8, OutputWindows.magnification(28, 28, SCREEN), "28 x 28: 224 px");
		assertEquals(32, OutputWindows.magnification(3, 3, SCREEN), "a 3 x 3 kernel: 96 px at ImageJ's largest zoom");
		assertEquals(1.5, OutputWindows.magnification(154, 154, SCREEN), "a 154 px montage: 231 px");
		assertEquals(1, OutputWindows.magnification(562, 552, SCREEN), "the heatmap is readable as it is");
		assertEquals(1, OutputWindows.magnification(2258, 2258, SCREEN), "never zoomed in past the screen");
		assertEquals(2, OutputWindows.magnification(601, 5, SCREEN), "601 x 5 snapshots: as wide as the screen allows");
	}

	@Test
	void wrappedHintsKeepEveryWordOnLinesOfAboutTheWidth() {
		String hint = "folder: data_dir; image: the active stack, whose slice labels name the classes";
		String wrapped = RunCommand.wrap(hint, 40);
		assertEquals(hint, wrapped.replace('\n', ' '));
		for (String line : wrapped.split("\n")) assertEquals(true, line.length() <= 40, line);
	}

	@Test
	void stacksOpenOnTheirFirstSliceThatIsNotBlank() {
		ImageStack stack = new ImageStack(4, 4);
		stack.addSlice(new FloatProcessor(4, 4));
		FloatProcessor second = new FloatProcessor(4, 4);
		second.setf(1, 1, 0.5f);
		stack.addSlice(second);
		assertEquals(2, OutputWindows.firstNonBlank(new ImagePlus("Snapshots", stack)));
	}
}
