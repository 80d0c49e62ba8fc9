package cnnsandbox.outputs;

import java.awt.Color;
import java.awt.Font;
import java.util.List;

import cnnsandbox.training.ConfusionMatrix;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/**
 * The confusion matrix as a picture one can read at its opening zoom: a cell per (true, predicted) pair holding its
 * count, shaded by the fraction of the true class it holds (white 0 to dark blue 1), class names on both axes, axes
 * titled "true" and "predicted". The counts themselves are in the Confusion Matrix table.
 */
public final class ConfusionHeatmap {

	static final int CELL = 44;
	private static final Font FONT = new Font("SansSerif", Font.PLAIN, 13);
	private static final Font BOLD = new Font("SansSerif", Font.BOLD, 14);

	private ConfusionHeatmap() {}

	public static ImagePlus image(ConfusionMatrix cm, List<String> names, String title) {
		int n = cm.classes();
		ColorProcessor probe = new ColorProcessor(1, 1);
		probe.setFont(FONT);
		int nameWidth = 0;
		for (String name : names) nameWidth = Math.max(nameWidth, probe.getStringWidth(name));
		int left = 30 + nameWidth + 8, top = 30, bottom = nameWidth + 14, right = 16;
		int width = left + n * CELL + right, height = top + n * CELL + bottom;
		ColorProcessor ip = new ColorProcessor(width, height);
		ip.setColor(Color.WHITE);
		ip.fill();
		ip.setAntialiasedText(true);
		for (int t = 0; t < n; t++) {
			int rowTotal = 0;
			for (int p = 0; p < n; p++) rowTotal += cm.counts[t][p];
			for (int p = 0; p < n; p++) {
				double f = rowTotal == 0 ? 0 : cm.counts[t][p] / (double) rowTotal;
				Color shade = new Color((int) Math.round(255 - 225 * f), (int) Math.round(255 - 190 * f), (int) Math.round(255 - 105 * f));
				int x = left + p * CELL, y = top + t * CELL;
				ip.setColor(shade);
				ip.setRoi(x, y, CELL, CELL);
				ip.fill();
				ip.resetRoi();
				ip.setColor(new Color(200, 200, 200));
				ip.drawRect(x, y, CELL + 1, CELL + 1);
				ip.setFont(FONT);
				ip.setColor(f > 0.5 ? Color.WHITE : Color.BLACK);
				String count = Integer.toString(cm.counts[t][p]);
				ip.setJustification(ImageProcessor.CENTER_JUSTIFY);
				ip.drawString(count, x + CELL / 2, y + CELL / 2 + 7);
			}
			ip.setColor(Color.BLACK);
			ip.setJustification(ImageProcessor.RIGHT_JUSTIFY);
			ip.drawString(names.get(t), left - 6, top + t * CELL + CELL / 2 + 7);
		}
		// the predicted names run down the x axis: drawn across a strip, then turned a quarter
		ColorProcessor strip = new ColorProcessor(bottom - 4, n * CELL);
		strip.setColor(Color.WHITE);
		strip.fill();
		strip.setAntialiasedText(true);
		strip.setFont(FONT);
		strip.setColor(Color.BLACK);
		strip.setJustification(ImageProcessor.RIGHT_JUSTIFY);
		for (int p = 0; p < n; p++) strip.drawString(names.get(p), strip.getWidth() - 4, p * CELL + CELL / 2 + 7);
		ip.insert(strip.rotateLeft(), left, top + n * CELL + 4);
		ip.setFont(BOLD);
		ip.setColor(Color.BLACK);
		ip.setJustification(ImageProcessor.CENTER_JUSTIFY);
		ip.drawString("predicted", left + n * CELL / 2, top - 8);
		ImageProcessor label = new ColorProcessor(n * CELL, 24);
		label.setColor(Color.WHITE);
		label.fill();
		label.setAntialiasedText(true);
		label.setFont(BOLD);
		label.setColor(Color.BLACK);
		label.setJustification(ImageProcessor.CENTER_JUSTIFY);
		label.drawString("true", n * CELL / 2, 20);
		ip.insert(label.rotateLeft(), 4, top);
		return new ImagePlus(title, ip);
	}
}
