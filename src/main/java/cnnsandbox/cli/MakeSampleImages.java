package cnnsandbox.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import cnnsandbox.deblur.BlurOperator;
import cnnsandbox.deblur.WorkshopSignal;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

/**
 * Writes {@code sample-images/}: the workshop's 1-D test signal, and a 2-D test chart with its Gaussian-blurred
 * observation, so that every sample can be regenerated and its origin is code, not a download.
 * Run: {@code java -cp "target/app/jars/*:target/app/plugins/*" cnnsandbox.cli.MakeSampleImages [DIR]}.
 */
public final class MakeSampleImages {

	/** Width and height of the 2-D chart, and the blur of its observed version. */
	public static final int CHART_SIZE = 128;
	public static final double CHART_SIGMA = 2;

	private MakeSampleImages() {}

	public static void main(String[] args) throws Exception {
		Path dir = Paths.get(args.length > 0 ? args[0] : "sample-images");
		Files.createDirectories(dir);

		double[] y = WorkshopSignal.create();
		ImagePlus signal = image("workshop-signal", y, y.length, 1);
		signal.getCalibration().pixelWidth = WorkshopSignal.DX;
		signal.getCalibration().setXUnit("t");
		save(signal, dir.resolve("workshop-signal.tif"));

		double[] chart = chart(CHART_SIZE);
		save(image("chart-sharp", chart, CHART_SIZE, CHART_SIZE), dir.resolve("chart-sharp.tif"));
		double[] blurred = new double[chart.length];
		new BlurOperator(CHART_SIGMA, CHART_SIZE, CHART_SIZE).apply(chart, blurred);
		save(image("chart-blurred-sigma2", blurred, CHART_SIZE, CHART_SIZE), dir.resolve("chart-blurred-sigma2.tif"));
	}

	/** A sharp test chart in [0, 1]: bars of decreasing period, a disc, a ring and a ramp. */
	public static double[] chart(int n) {
		double[] v = new double[n * n];
		for (int yy = 0; yy < n; yy++) {
			for (int xx = 0; xx < n; xx++) {
				double value = 0;
				if (yy >= 8 && yy < 40) { // bars: periods 16, 8, 6, 4 pixels
					int period = xx < 32 ? 16 : xx < 64 ? 8 : xx < 96 ? 6 : 4;
					value = (xx % period) < period / 2 ? 1 : 0;
				}
				double dx = xx - 40, dy = yy - 84, r = Math.sqrt(dx * dx + dy * dy);
				if (r < 20) value = 0.8;
				double ex = xx - 96, ey = yy - 84, re = Math.sqrt(ex * ex + ey * ey);
				if (re > 12 && re < 18) value = 1;
				if (yy >= 112 && yy < 124 && xx >= 8 && xx < 120) value = (xx - 8) / 112.0;
				v[yy * n + xx] = value;
			}
		}
		return v;
	}

	private static ImagePlus image(String title, double[] values, int w, int h) {
		float[] f = new float[values.length];
		for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
		return new ImagePlus(title, new FloatProcessor(w, h, f));
	}

	private static void save(ImagePlus imp, Path file) {
		if (!new FileSaver(imp).saveAsTiff(file.toString())) throw new IllegalStateException("could not write " + file);
		System.out.println("wrote " + file);
	}
}
