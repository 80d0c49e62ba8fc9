package cnnsandbox.outputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import cnnsandbox.training.ConfusionMatrix;
import ij.ImagePlus;
import ij.process.ColorProcessor;

class ConfusionHeatmapTest {

	/** Three classes, all right but class 2, half of which is taken for class 0. */
	@Test
	void cellsAreShadedByTheFractionOfTheirTrueClassAndCarryTheirCount() {
		ConfusionMatrix cm = new ConfusionMatrix(3);
		cm.counts[0][0] = 40;
		cm.counts[1][1] = 40;
		cm.counts[2][2] = 20;
		cm.counts[2][0] = 20;
		ImagePlus imp = ConfusionHeatmap.image(cm, List.of("Trouser", "Sneaker", "Ankle boot"), "Confusion Heatmap");
		assertEquals("Confusion Heatmap", imp.getTitle());
		ColorProcessor ip = (ColorProcessor) imp.getProcessor();
		assertTrue(Math.min(ip.getWidth(), ip.getHeight()) >= 3 * ConfusionHeatmap.CELL, ip.getWidth() + " x " + ip.getHeight());
		int full = 0, half = 0, text = 0;
		for (int y = 0; y < ip.getHeight(); y++) {
			for (int x = 0; x < ip.getWidth(); x++) {
				int c = ip.get(x, y) & 0xffffff;
				if (c == rgb(30, 65, 150)) full++;
				if (c == rgb(143, 160, 203)) half++;
				int r = c >> 16, g = (c >> 8) & 0xff, b = c & 0xff;
				if (Math.max(r, Math.max(g, b)) < 170 && b - r < 60) text++; // dark, not the blue shade: antialiased text
			}
		}
		int cell = ConfusionHeatmap.CELL * ConfusionHeatmap.CELL;
		assertTrue(full > 1.5 * cell && full < 2 * cell, "two cells hold their whole class: " + full + " pixels of " + cell);
		assertTrue(half > 1.5 * cell && half < 2 * cell, "two cells hold half of class 2: " + half);
		assertTrue(text > 300, "names, axis titles and counts are drawn: " + text + " dark pixels");
	}

	private static int rgb(int r, int g, int b) {
		return (r << 16) | (g << 8) | b;
	}
}
