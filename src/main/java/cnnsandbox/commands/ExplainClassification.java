package cnnsandbox.commands;

import java.io.File;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.classify.InputFitter;
import cnnsandbox.explain.Baseline;
import cnnsandbox.explain.ExplainSettings;
import cnnsandbox.explain.Explainer;
import cnnsandbox.explain.Explanation;
import cnnsandbox.explain.Method;
import cnnsandbox.options.Options;
import cnnsandbox.outputs.ExplanationOutputs;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Trainer;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import net.imglib2.RandomAccessibleInterval;

/**
 * Explain Classification: which pixels of each slice drove the model's score for a class (attribution maps by
 * gradient, SmoothGrad, integrated gradients, occlusion, Grad-CAM or HiResCAM). Slices are prepared exactly as Classify Image
 * prepares them, so the explanation is of the decision Classify Image reports.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Explain Classification", headless = true, label = "Explain Classification")
public class ExplainClassification extends SandboxCommand {

	private static final ExplainSettings DEFAULTS = new ExplainSettings();

	@Parameter(label = "input", persist = false, description = "a 2-D image or a stack (8/16/32-bit or RGB)")
	private RandomAccessibleInterval<?> input;

	@Parameter(label = "model_file", style = "open", persist = false, description = "a model saved by Train Fashion Classifier")
	private File model_file;

	@Parameter(label = "invert", choices = { "auto", "yes", "no" },
		description = "as Classify Image: auto inverts when the background (border) is light")
	private String invert = "auto";

	@Parameter(label = "method", choices = { "gradient", "smoothgrad", "integrated_gradients", "occlusion", "gradcam", "hirescam" })
	private String method = DEFAULTS.method.label();

	@Parameter(label = "target", description = "predicted, or a class index (from 0) or name")
	private String target = "predicted";

	@Parameter(label = "samples", description = "smoothgrad: noisy copies per slice")
	private int samples = DEFAULTS.samples;

	@Parameter(label = "noise", description = "smoothgrad: noise standard deviation, in input units [0, 1]")
	private double noise = DEFAULTS.noise;

	@Parameter(label = "steps", description = "integrated_gradients: points on the path from the baseline")
	private int steps = DEFAULTS.steps;

	@Parameter(label = "baseline", choices = { "black", "white" }, description = "integrated_gradients' start, occlusion's patch")
	private String baseline = DEFAULTS.baseline.label();

	@Parameter(label = "window", description = "occlusion: side of the square patch, in model input pixels")
	private int window = DEFAULTS.window;

	@Parameter(label = "stride", description = "occlusion: step between patches, in model input pixels")
	private int stride = DEFAULTS.stride;

	@Parameter(label = "layer", description = "gradcam, hirescam: auto (the last conv layer) or a conv layer: conv1, conv2...")
	private String layer = DEFAULTS.layer;

	@Parameter(label = "Attribution", type = ItemIO.OUTPUT)
	private ImagePlus attribution;

	@Parameter(label = "Attribution Overlay", type = ItemIO.OUTPUT)
	private ImagePlus attribution_overlay;

	@Parameter(label = "Explanation", type = ItemIO.OUTPUT)
	private ResultsTable explanation;

	@Override
	public void run() {
		InputFitter.Invert mode = Options.choice("invert", invert, InputFitter.Invert.class);
		ExplainSettings s = new ExplainSettings();
		s.method = Options.choice("method", method, Method.class);
		s.baseline = Options.choice("baseline", baseline, Baseline.class);
		s.samples = samples;
		s.noise = noise;
		s.steps = steps;
		s.window = window;
		s.stride = stride;
		s.layer = layer;
		s.validate();
		Classifier model = ModelFiles.load(model_file);
		List<String> names = model.classNames();
		int targetClass = target == null || target.trim().equalsIgnoreCase("predicted") ? -1 : ClassChoice.parse("target", target, names);
		int channels = model.inputChannels();
		int[] czt = host.hyperstackDimensions(input);
		// the slices, or for a C-channel model its images (hyperstack positions, RGB slices), as Classify Image prepares them
		status.showStatus("Explain Classification: preparing the image");
		PreparedSlices slices = PreparedSlices.of(input, czt, channels, model.inputRows(), model.inputCols(), mode)
			.preparedFor(model.inputPreparation());
		int n = slices.n;
		log.info("Explain Classification on " + Trainer.backendFor(model.layers(), Classifier.inferenceBatch(model.layers(), n)) + "; model "
			+ model.architecture() + " [" + model.layers().text() + "], method " + s.method.label());
		Explanation e = runStoppable("Explain Classification", "no output was made", () -> new Explainer(model).explain(slices.pixels, n,
			targetClass, s, line -> status.showStatus("Explain Classification: " + line), stopRequested()));
		if (e == null) return;
		if (e.layer != null) log.info(s.method.label() + " on layer " + e.layer);
		if (e.note() != null) log.info(e.note());
		explanation = ExplanationOutputs.table(e, names);
		attribution = ExplanationOutputs.attribution(e, names);
		int[] shape = Planes.shape(input);
		attribution_overlay = ExplanationOutputs.overlay(e, PreparedSlices.scaled(input, czt, channels), shape[0], shape[1], slices.placements,
			names);
	}
}
