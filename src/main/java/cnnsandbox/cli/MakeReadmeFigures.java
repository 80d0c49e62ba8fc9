package cnnsandbox.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.plugin.MontageMaker;
import ij.process.ImageConverter;

/**
 * Turns the outputs of {@code macros/demo.sh} into the README's figures (PNG montages with slice labels), so the
 * figures always show what the code computes.
 * Run: {@code java -cp "target/app/jars/*:target/app/plugins/*" cnnsandbox.cli.MakeReadmeFigures demo-output src/site/resources/figures}.
 */
public final class MakeReadmeFigures {

	private MakeReadmeFigures() {}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		Path demo = Paths.get(args.length > 0 ? args[0] : "demo-output");
		Path out = Paths.get(args.length > 1 ? args[1] : "src/site/resources/figures");
		Files.createDirectories(out);
		for (String m : new String[] { "L2", "Sobolev", "Preconditioned" }) {
			Files.copy(demo.resolve("deblur-" + m + "/Deblur Plot.png"), out.resolve("deblur-" + m + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		montage(demo.resolve("classes-MLP/Neuron Image.tif"), 5, 4, out.resolve("classes-MLP.png"), true);
		montage(demo.resolve("classes-CNN/Neuron Image.tif"), 5, 4, out.resolve("classes-CNN.png"), true);
		montage(demo.resolve("conv2-units/Neuron Image.tif"), 8, 4, out.resolve("conv2-units.png"), true);
		ImagePlus filters = IJ.openImage(demo.resolve("filters-CNN/Filter Montage.tif").toString());
		new ImageConverter(filters).convertToGray8();
		new FileSaver(filters).saveAsPng(out.resolve("conv1-filters.png").toString());
		montage(demo.resolve("deblur-2D/Deblurred.tif"), 1, 4, out.resolve("chart-deblurred.png"), false);
		// Show Activations of the CNN for the first test image: conv1's 32 maps (before ReLU), and pool2's 64 maps
		// on the layer's own display range, as Show Activations saved it
		montage(demo.resolve("activations-CNN/Activations 01 conv1.tif"), 8, 2, out.resolve("activations-conv1.png"), false, false);
		montage(demo.resolve("activations-CNN/Activations 06 maxpool.tif"), 16, 4, out.resolve("activations-pool2.png"), false, false);
		montage(demo.resolve("activations-CNN/Prepared Input.tif"), 1, 4, out.resolve("activations-input.png"), false, false);
	}

	private static void montage(Path stackFile, int columns, double scale, Path png, boolean labels) {
		montage(stackFile, columns, scale, png, labels, true);
	}

	/** @param reset the display range from the first slice; false keeps the one saved with the stack */
	private static void montage(Path stackFile, int columns, double scale, Path png, boolean labels, boolean reset) {
		ImagePlus stack = IJ.openImage(stackFile.toString());
		if (reset) stack.resetDisplayRange();
		int n = stack.getStackSize();
		ImagePlus m = n == 1 ? stack.resize((int) (stack.getWidth() * scale), (int) (stack.getHeight() * scale), "none")
			: new MontageMaker().makeMontage2(stack, columns, (int) Math.ceil((double) n / columns), scale, 1, n, 1, 2, labels);
		new ImageConverter(m).convertToGray8();
		if (!new FileSaver(m).saveAsPng(png.toString())) throw new IllegalStateException("could not write " + png);
		System.out.println("wrote " + png);
	}
}
