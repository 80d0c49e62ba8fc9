package cnnsandbox.hosting;

import cnnsandbox.commands.CnnSandboxOptions;

import org.scijava.module.Module;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

/**
 * Applies the stored {@link CnnSandboxOptions} (the thread setting) before each of our commands runs, in every host
 * (Fiji, the ImageJ 1.x bridge, the CLI): one place instead of a line in every command.
 */
@Plugin(type = PreprocessorPlugin.class)
public class ApplyOptions extends AbstractPreprocessorPlugin {

	@Parameter(required = false)
	private PrefService prefs;

	@Override
	public void process(Module module) {
		if (OurCommands.isOurs(module.getInfo())) CnnSandboxOptions.apply(prefs);
	}
}
