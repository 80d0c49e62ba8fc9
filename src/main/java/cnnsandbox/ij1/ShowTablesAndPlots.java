package cnnsandbox.ij1;

import cnnsandbox.hosting.OurCommands;

import java.awt.GraphicsEnvironment;

import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPostprocessorPlugin;
import org.scijava.module.process.PostprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import cnnsandbox.commands.HostService;
import cnnsandbox.hosting.CommandRunner;
import ij.gui.Plot;
import ij.measure.ResultsTable;

/**
 * Shows the {@link ResultsTable} and {@link Plot} outputs of our commands in ImageJ.
 * <p>
 * Fiji displays {@code Img} outputs by itself but has no display for ImageJ 1.x tables and plots, and plain
 * ImageJ has neither: this postprocessor closes that gap in both hosts. Headless (CLI, Fiji --headless) it does
 * nothing; the CLI writes the outputs to files instead.
 */
@Plugin(type = PostprocessorPlugin.class)
public class ShowTablesAndPlots extends AbstractPostprocessorPlugin {

	@Parameter
	private HostService host;

	@Override
	public void process(Module module) {
		if (GraphicsEnvironment.isHeadless() || !OurCommands.isOurs(module.getInfo())) return;
		for (ModuleItem<?> item : module.getInfo().outputs()) {
			Object value = module.getOutput(item.getName());
			String title = OutputTitles.of(CommandRunner.outputName(item), module, null);
			if (value instanceof ResultsTable) ((ResultsTable) value).show(title);
			else if (value instanceof Plot) {
				if (host instanceof ImageJHost) ((ImageJHost) host).showPlot((Plot) value);
				else ((Plot) value).show();
			}
		}
	}
}
