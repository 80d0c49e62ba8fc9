package cnnsandbox.commands;

import java.io.File;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

import cnnsandbox.backend.Threads;
import cnnsandbox.model.Trainer;
import cnnsandbox.classify.InputFitter;
import cnnsandbox.classify.Intensity;
import cnnsandbox.model.Classifier;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Util;

/**
 * Classify Image: applies a model saved by Train Fashion Classifier to the active image or to every slice of a stack,
 * in one batched call. Each slice is fitted into the model's input (aspect ratio kept, background padded, inverted
 * when the object is dark on bright), and the prepared stack is returned so the user sees what the model saw.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Classify Image", headless = true, label = "Classify Image")
public class ClassifyImage extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private PrefService prefs;

	@Parameter
	private StatusService status;

	@Parameter(label = "input", persist = false, description = "a 2-D image or a stack (8/16/32-bit or RGB)")
	private RandomAccessibleInterval<?> input;

	@Parameter(label = "model_file", style = "open", persist = false, description = "a model saved by Train Fashion Classifier")
	private File model_file;

	@Parameter(label = "invert", choices = { "auto", "yes", "no" },
		description = "auto: invert when the background (border) is light")
	private String invert = "auto";

	@Parameter(label = "top_k", description = "also list the k most likely classes (1 = only the best)")
	private int top_k = 1;

	@Parameter(label = "Class Probabilities", type = ItemIO.OUTPUT)
	private ResultsTable class_probabilities;

	@Parameter(label = "Classified", type = ItemIO.OUTPUT)
	private ImagePlus classified;

	@Override
	public void run() {
		CnnSandboxOptions.apply(prefs);
		InputFitter.Invert mode = InputFitter.Invert.parse(invert);
		Classifier model = ModelFiles.load(model_file);
		List<String> names = model.classNames();
		if (top_k < 1 || top_k > names.size()) {
			throw new IllegalArgumentException("top_k must be between 1 and " + names.size() + ", got " + top_k);
		}
		Planes planes = Planes.readLuminance(input);
		if (planes.planes.isEmpty()) throw new IllegalArgumentException("the image has no slices");
		log.info("Classify Image on " + Trainer.backendFor(model.architecture(), false) + "; model " + model.architecture() + " trained on "
			+ model.trainedOn() + ", test accuracy " + String.format("%.2f %%", 100 * model.finalAccuracy()));

		int rows = model.inputRows(), cols = model.inputCols(), n = planes.planes.size();
		Intensity scaling = scaling(input);
		InputFitter fitter = new InputFitter(rows, cols, mode);
		float[] batch = new float[n * rows * cols];
		boolean[] inverted = new boolean[n];
		status.showStatus("Classify Image: preparing " + n + " slice(s)");
		// slices are independent: prepared on all the threads (each writes only its own slices)
		Threads.parallelFor(n, 64, (from, to) -> {
			boolean[] flag = new boolean[1];
			for (int i = from; i < to; i++) {
				double[] v = planes.planes.get(i); // our own copy of the pixels: scaled in place
				(scaling == Intensity.UNIT ? Intensity.forFloat(v) : scaling).apply(v);
				System.arraycopy(fitter.fit(v, planes.width, planes.height, flag), 0, batch, i * rows * cols, rows * cols);
				inverted[i] = flag[0];
				planes.planes.set(i, null); // done with it: frees the stack's copy as we go
			}
			return 0;
		});
		status.showStatus("Classify Image: classifying " + n + " slice(s)");
		float[] probabilities = model.probabilities(Nd4j.create(batch, new long[] { n, 1, rows, cols }, 'c')).data().asFloat();
		status.clearStatus();

		class_probabilities = table(probabilities, names, inverted);
		classified = preparedStack(batch, n, rows, cols, class_probabilities);
	}

	/** 8-bit and RGB are /255 like the training data; 32-bit in [0, 1] is kept; the rest is stretched per slice. */
	private static Intensity scaling(RandomAccessibleInterval<?> image) {
		Object type = Util.getTypeFromInterval(image);
		if (type instanceof UnsignedByteType || type instanceof ARGBType) return Intensity.BYTE;
		if (type instanceof FloatType) return Intensity.UNIT; // decided per slice by Intensity.forFloat
		return Intensity.STRETCH;
	}

	/**
	 * The table, filled a column at a time from arrays computed first (on all threads): per-cell look-ups and ND4J
	 * row copies ({@code toDoubleMatrix}) cost more than the model on a 10,000-slice stack.
	 */
	private ResultsTable table(float[] p, List<String> names, boolean[] inverted) {
		int n = inverted.length, classes = names.size();
		double[] slice = new double[n], confidence = new double[n];
		double[][] perClass = new double[classes][n];
		String[] label = new String[n], top = top_k > 1 ? new String[n] : null;
		Threads.parallelFor(n, 1024, (from, to) -> {
			double[] row = new double[classes];
			for (int i = from; i < to; i++) {
				for (int c = 0; c < classes; c++) perClass[c][i] = row[c] = p[i * classes + c];
				int[] order = ranking(row, top_k);
				slice[i] = i + 1;
				label[i] = names.get(order[0]);
				confidence[i] = row[order[0]];
				if (top != null) {
					StringBuilder s = new StringBuilder();
					for (int k = 0; k < top_k; k++) s.append(k == 0 ? "" : "; ").append(names.get(order[k]))
						.append(String.format(" (%.3f)", row[order[k]]));
					top[i] = s.toString();
				}
			}
			return 0;
		});
		ResultsTable t = new ResultsTable(n);
		t.showRowNumbers(false);
		t.setValues("slice", slice);
		strings(t, "label", label);
		t.setValues("confidence", confidence);
		for (int c = 0; c < classes; c++) t.setValues(names.get(c), perClass[c]);
		if (top != null) strings(t, "top_" + top_k, top);
		String[] flipped = new String[n];
		for (int i = 0; i < n; i++) flipped[i] = inverted[i] ? "yes" : "no";
		strings(t, "inverted", flipped);
		return t;
	}

	private static void strings(ResultsTable t, String column, String[] values) {
		int c = t.getFreeColumn(column);
		for (int i = 0; i < values.length; i++) t.setValue(c, i, values[i]);
	}

	/** The indices of the k largest values, largest first. */
	static int[] ranking(double[] v, int k) {
		int[] order = new int[k];
		boolean[] taken = new boolean[v.length];
		for (int r = 0; r < k; r++) {
			int best = -1;
			for (int c = 0; c < v.length; c++) if (!taken[c] && (best < 0 || v[c] > v[best])) best = c;
			taken[best] = true;
			order[r] = best;
		}
		return order;
	}

	private static ImagePlus preparedStack(float[] batch, int n, int rows, int cols, ResultsTable t) {
		ImageStack stack = new ImageStack(cols, rows);
		int label = t.getColumnIndex("label"), confidence = t.getColumnIndex("confidence");
		for (int i = 0; i < n; i++) {
			float[] plane = new float[rows * cols];
			System.arraycopy(batch, i * rows * cols, plane, 0, plane.length);
			stack.addSlice(t.getStringValue(label, i) + " (" + Math.round(100 * t.getValueAsDouble(confidence, i)) + " %)",
				new FloatProcessor(cols, rows, plane));
		}
		ImagePlus imp = new ImagePlus("Classified", stack);
		imp.setDisplayRange(0, 1);
		return imp;
	}
}
