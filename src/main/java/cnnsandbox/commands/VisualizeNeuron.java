package cnnsandbox.commands;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.deblur.MetricKind;
import cnnsandbox.files.MemoryBudget;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Objective;
import cnnsandbox.training.Optimizer;
import cnnsandbox.training.Trainer;
import cnnsandbox.options.Options;
import cnnsandbox.outputs.NeuronOutputs;
import cnnsandbox.visualize.ActivationMaximizer;
import cnnsandbox.visualize.AscentSettings;
import ij.ImagePlus;
import ij.measure.ResultsTable;

/**
 * Visualize Neuron: the input that a class, or a hidden unit (dense unit or conv channel), responds to most, found by
 * gradient ascent on the image with the weights frozen, as the workshop's generate_image.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>Visualize Neuron", headless = true, label = "Visualize Neuron",
	description = "Makes the image that most excites a class or a neuron of a model (activation maximisation)")
public class VisualizeNeuron extends SandboxCommand {

	/** What the ascent maximises: a class's log-probability, or a hidden unit's activation. */
	enum Mode implements Options.Choice {
		CLASS, NEURON;

		@Override
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** The defaults of the ascent keys below (one place: the engine's settings). */
	private static final AscentSettings DEFAULTS = new AscentSettings();

	@Parameter(label = "model_file", style = "open", persist = false, description = "a model saved by Train Fashion Classifier")
	private File model_file;

	@Parameter(label = "mode", choices = { "class", "neuron" })
	private String mode = "class";

	@Parameter(label = "target_class", description = "class index (from 0), name, or all (mode=class)")
	private String target_class = "0";

	@Parameter(label = "layer", description = "mode=neuron: a conv or dense layer of the model: conv1, conv2..., fc1, fc2...")
	private String layer = "fc1";

	@Parameter(label = "unit", description = "dense unit or conv channel, for mode=neuron")
	private int unit = 0;

	@Parameter(label = "all_units", description = "one image per unit of the layer, as a stack")
	private boolean all_units = false;

	@Parameter(label = "start", choices = { "zero", "random" })
	private String start = DEFAULTS.start.label();

	@Parameter(label = "seed", persist = false, description = "start=random: same seed, same image")
	private long seed = DEFAULTS.seed;

	@Parameter(label = "optimizer", choices = { "SGD", "Adam" }, description = "SGD from zero gives smooth images; Adam: learning_rate 0.1")
	private String optimizer = DEFAULTS.optimizer.label();

	@Parameter(label = "steps", description = "gradient-ascent steps")
	private int steps = DEFAULTS.steps;

	@Parameter(label = "learning_rate", description = "step size")
	private double learning_rate = DEFAULTS.learningRate;

	@Parameter(label = "momentum", description = "SGD only")
	private double momentum = DEFAULTS.momentum;

	@Parameter(label = "regularizer", choices = { "auto", "clamp", "L2", "none" },
		description = "clamp: keep pixels in [0, 1]; L2: penalise weight_decay |x|^2 / 2; auto: none for a class, clamp for a unit")
	private String regularizer = DEFAULTS.regularizer.label();

	@Parameter(label = "weight_decay", description = "for regularizer=L2")
	private double weight_decay = DEFAULTS.weightDecay;

	@Parameter(label = "metric", choices = { "L2", "Sobolev", "Preconditioned" },
		description = "the metric of the ascent's step, as in Deblur Signal: Sobolev and Preconditioned damp high frequencies (smoother images)")
	private String metric = DEFAULTS.metric.label();

	@Parameter(label = "sigma", description = "Sobolev, Preconditioned: the smoothing length in pixels")
	private double sigma = DEFAULTS.sigma;

	@Parameter(label = "epsilon", description = "Preconditioned: the share of the plain step kept at every frequency")
	private double epsilon = DEFAULTS.epsilon;

	@Parameter(label = "jitter", description = "shift the image by up to this many pixels (seeded by seed) at each step; 0 = off")
	private int jitter = DEFAULTS.jitter;

	@Parameter(label = "Neuron Image", type = ItemIO.OUTPUT)
	private ImagePlus neuron_image;

	@Parameter(label = "Neuron Probabilities", type = ItemIO.OUTPUT)
	private ResultsTable neuron_probabilities;

	@Parameter(label = "Ascent Log", type = ItemIO.OUTPUT)
	private ResultsTable ascent_log;

	@Override
	public void run() {
		AscentSettings s = settings();
		boolean classMode = Options.choice("mode", mode, Mode.class) == Mode.CLASS;
		Classifier model = ModelFiles.load(model_file);
		List<String> names = model.classNames();
		if (!classMode && !model.layerNames().contains(layer)) {
			throw Options.bad("layer", "one of " + String.join(", ", model.layerNames()) + " for this model [" + model.layers().text()
				+ "]", layer);
		}
		int units = classMode ? 0 : model.units(layer);
		if (!classMode && !all_units) Options.between("unit", unit, 0, units - 1);
		log.info("Visualize Neuron on " + OnceLines.backend(Trainer.backendFor(model.layers(), 1)));

		ActivationMaximizer ascent = new ActivationMaximizer(model);
		int rows = model.inputRows(), cols = model.inputCols();
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
		if (count == 0) throw new IllegalArgumentException("nothing to visualize: target_class '" + target_class + "' matches no class of this model");
		// per step: the objective (a double) and a row of Ascent Log (~5 columns of doubles), for every image
		MemoryBudget.require(MemoryBudget.times(steps, count, 48), "steps=" + steps + (count > 1 ? " for " + count + " images" : ""));
		NeuronOutputs outputs = runStoppable("Visualize Neuron", "no output was produced", () -> {
			NeuronOutputs done = new NeuronOutputs(model.inputChannels(), cols, rows, names);
			TimeLeft clock = new TimeLeft();
			for (int u = 0; u < count; u++) {
				String label = labels.get(u);
				status.showStatus(u, count, "Visualize Neuron: " + label + (count > 1 ? " (" + (u + 1) + "/" + count + clock.after(u, count) + ")" : ""));
				ActivationMaximizer.Result r = ascent.maximise(objectives.get(u), s, stopRequested());
				done.add(label, r, count > 1);
				log.info(String.format("%s: objective %.4g -> %.4g", label, r.objective[0], r.objective[r.objective.length - 1]));
			}
			return done;
		});
		if (outputs == null) return;
		neuron_image = outputs.image();
		neuron_probabilities = outputs.probabilities();
		ascent_log = outputs.ascentLog();
	}

	private AscentSettings settings() {
		AscentSettings s = new AscentSettings();
		s.start = Options.choice("start", start, AscentSettings.InitialImage.class);
		s.seed = seed;
		s.optimizer = Options.choice("optimizer", optimizer, Optimizer.class);
		s.steps = steps;
		s.learningRate = learning_rate;
		s.momentum = momentum;
		s.regularizer = Options.choice("regularizer", regularizer, AscentSettings.Regularizer.class);
		s.weightDecay = weight_decay;
		s.metric = Options.choice("metric", metric, MetricKind.class);
		s.sigma = sigma;
		s.epsilon = epsilon;
		s.jitter = jitter;
		return s.validate();
	}
}
