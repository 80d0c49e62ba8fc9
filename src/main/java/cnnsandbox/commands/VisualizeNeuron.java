package cnnsandbox.commands;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

import cnnsandbox.model.Trainer;
import cnnsandbox.model.Classifier;
import cnnsandbox.model.Objective;
import cnnsandbox.visualize.ActivationMaximizer;
import cnnsandbox.visualize.AscentSettings;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;

/**
 * Visualize Neuron: the input that a class, or a hidden unit (dense unit or conv channel), responds to most, found by
 * gradient ascent on the image with the weights frozen, as the workshop's generate_image.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Visualize Neuron", headless = true, label = "Visualize Neuron")
public class VisualizeNeuron extends ContextCommand {

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private PrefService prefs;

	@Parameter
	private StatusService status;

	@Parameter(label = "model_file", style = "open", persist = false, description = "a model saved by Train Fashion Classifier")
	private File model_file;

	@Parameter(label = "mode", choices = { "class", "neuron" })
	private String mode = "class";

	@Parameter(label = "target_class", description = "class index 0-9, name, or all (mode=class)")
	private String target_class = "0";

	@Parameter(label = "layer", description = "fc1 (MLP, CNN), conv1 or conv2 (CNN), for mode=neuron")
	private String layer = "fc1";

	@Parameter(label = "unit", description = "dense unit or conv channel, for mode=neuron")
	private int unit = 0;

	@Parameter(label = "all_units", description = "one image per unit of the layer, as a stack")
	private boolean all_units = false;

	@Parameter(label = "start", choices = { "zero", "random" })
	private String start = "zero";

	@Parameter(label = "seed", persist = false)
	private long seed = 1;

	@Parameter(label = "optimizer", choices = { "SGD", "Adam" }, description = "SGD from zero gives smooth images; Adam: learning_rate 0.1")
	private String optimizer = "SGD";

	@Parameter(label = "steps")
	private int steps = 300;

	@Parameter(label = "learning_rate")
	private double learning_rate = 3;

	@Parameter(label = "momentum", description = "SGD only")
	private double momentum = 0.5;

	@Parameter(label = "regularizer", choices = { "auto", "clamp", "L2", "none" },
		description = "clamp: keep pixels in [0, 1]; L2: penalise weight_decay |x|^2 / 2; auto: none for a class, clamp for a unit")
	private String regularizer = "auto";

	@Parameter(label = "weight_decay", description = "for regularizer=L2")
	private double weight_decay = 0.01;

	@Parameter(label = "Neuron Image", type = ItemIO.OUTPUT)
	private ImagePlus neuron_image;

	@Parameter(label = "Neuron Probabilities", type = ItemIO.OUTPUT)
	private ResultsTable neuron_probabilities;

	@Parameter(label = "Ascent Log", type = ItemIO.OUTPUT)
	private ResultsTable ascent_log;

	@Override
	public void run() {
		CnnSandboxOptions.apply(prefs);
		AscentSettings s = settings();
		Classifier model = ModelFiles.load(model_file);
		List<String> names = model.classNames();
		boolean classMode = parseMode();
		if (!classMode && !model.layerNames().contains(layer)) {
			throw new IllegalArgumentException("layer must be one of " + String.join(", ", model.layerNames()) + " for this "
				+ model.architecture() + " model; got '" + layer + "'");
		}
		int units = classMode ? 0 : model.units(layer);
		if (!classMode && !all_units && (unit < 0 || unit >= units)) {
			throw new IllegalArgumentException("unit must be between 0 and " + (units - 1) + " for layer " + layer + ", got " + unit);
		}
		log.info("Visualize Neuron on " + Trainer.backendFor(model.architecture(), true));

		ActivationMaximizer ascent = new ActivationMaximizer(model);
		int rows = model.inputRows(), cols = model.inputCols();
		ImageStack stack = new ImageStack(cols, rows);
		neuron_probabilities = new ResultsTable();
		neuron_probabilities.showRowNumbers(false);
		ascent_log = new ResultsTable();
		ascent_log.showRowNumbers(false);
		List<Objective> objectives = new ArrayList<>();
		List<String> labels = new ArrayList<>();
		if (classMode) {
			boolean all = "all".equalsIgnoreCase(target_class.trim());
			for (int c = 0; c < names.size(); c++) {
				if (all || c == ClassChoice.parse("target_class", target_class, names)) {
					objectives.add(Objective.classLogProbability(c));
					labels.add("class " + names.get(c));
				}
			}
		}
		else {
			for (int k = 0; k < units; k++) {
				if (all_units || k == unit) {
					objectives.add(Objective.unit(layer, k));
					labels.add(layer + " unit " + k);
				}
			}
		}
		int count = objectives.size();
		try {
			for (int u = 0; u < count; u++) {
				Objective objective = objectives.get(u);
				String label = labels.get(u);
				status.showStatus(u, count, "Visualize Neuron: " + label);
				ActivationMaximizer.Result r = ascent.maximise(objective, s, () -> isCanceled() || IJ.escapePressed());
				stack.addSlice(label, new FloatProcessor(cols, rows, r.image));
				neuron_probabilities.incrementCounter();
				neuron_probabilities.addValue("image", label);
				for (int c = 0; c < names.size(); c++) neuron_probabilities.addValue(names.get(c), r.probabilities[c]);
				for (int step = 0; step < r.objective.length; step++) {
					ascent_log.incrementCounter();
					if (count > 1) ascent_log.addValue("image", label);
					ascent_log.addValue("step", step);
					ascent_log.addValue("objective", r.objective[step]);
				}
				log.info(String.format("%s: objective %.4g -> %.4g", label, r.objective[0], r.objective[r.objective.length - 1]));
			}
		}
		catch (CancellationException e) {
			cancel("Visualize Neuron was cancelled");
			return;
		}
		finally {
			status.clearStatus();
		}
		neuron_image = new ImagePlus("Neuron Image", stack);
		neuron_image.resetDisplayRange();
	}

	private boolean parseMode() {
		if ("class".equalsIgnoreCase(mode)) return true;
		if ("neuron".equalsIgnoreCase(mode)) return false;
		throw new IllegalArgumentException("mode must be one of class, neuron; got '" + mode + "'");
	}

	private AscentSettings settings() {
		AscentSettings s = new AscentSettings();
		s.start = AscentSettings.parse("start", start, AscentSettings.Start.class);
		s.seed = seed;
		s.optimizer = cnnsandbox.model.Optimizer.parse(optimizer);
		s.steps = steps;
		s.learningRate = learning_rate;
		s.momentum = momentum;
		s.regularizer = AscentSettings.parse("regularizer", regularizer, AscentSettings.Regularizer.class);
		s.weightDecay = weight_decay;
		return s.validate();
	}
}
