package cnnsandbox.hosting;

import org.scijava.Priority;
import org.scijava.log.LogService;
import org.scijava.module.Module;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.backend.NativeBinary;

/**
 * Chooses ND4J's CPU binary ({@link NativeBinary#select()}) before any of our commands runs, in every host: Fiji,
 * the ImageJ 1.x bridge and the CLI all run our commands as SciJava modules, so this is the one gate in front of
 * ND4J. It runs first among preprocessors, before any parameter initializer could touch ND4J.
 * <p>
 * Where no shipped binary can run on this CPU, a command that needs ND4J is cancelled with the one-line reason
 * (which feature is missing, what still works) instead of loading natives that would kill the JVM. Deblur Signal
 * is let through: it needs ND4J only for gradient=autodiff, and then refuses by itself ({@code Backend.describe()}).
 */
@Plugin(type = PreprocessorPlugin.class, priority = Priority.FIRST)
public class NativeBinaryPreprocessor extends AbstractPreprocessorPlugin {

	@Parameter(required = false)
	private LogService log;

	@Override
	public void process(Module module) {
		if (!OurCommands.isOurs(module.getInfo())) return;
		NativeBinary.Choice choice = NativeBinary.select();
		if (!choice.nd4jUsable() && !OurCommands.runsWithoutNd4j(module.getInfo())) {
			if (log != null) log.error(choice.reason);
			cancel(choice.reason);
		}
	}
}
