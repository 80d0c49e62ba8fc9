package cnnsandbox.hosting;

import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Plugin;
import org.scijava.widget.InputHarvester;

import ij.IJ;
import ij.Macro;

/**
 * In a macro, a key the macro leaves out means the command's documented default in Fiji too, as it does in the
 * CLI and the ImageJ 1.x bridge ({@link CommandRunner}).
 * <p>
 * Fiji runs a command from a macro through SciJava preprocessors: imagej-legacy's {@code MacroPreprocessor}
 * (priority 20000) sets and resolves only the inputs the macro names; later scijava-common's
 * {@code LoadInputsPreprocessor} (priority {@code InputHarvester.PRIORITY + 1}) fills every input still unresolved
 * with the value remembered from the last interactive run. This preprocessor runs between the two: when a macro
 * with options is running, it resolves our commands' unnamed inputs at their current value, the field's initial
 * value, which is the documented default, so LoadInputsPreprocessor and the input dialog leave them alone. Without a
 * macro (a menu click) it does nothing, so the dialog still shows the last values. The image input is left to the
 * host, which fills it from the active image.
 */
@Plugin(type = PreprocessorPlugin.class, priority = MacroDefaultsPreprocessor.PRIORITY)
public class MacroDefaultsPreprocessor extends AbstractPreprocessorPlugin {

	/** Just before LoadInputsPreprocessor ({@code InputHarvester.PRIORITY + 1}). */
	static final double PRIORITY = InputHarvester.PRIORITY + 2;

	@Override
	public void process(Module module) {
		if (!(module.getInfo() instanceof CommandInfo) || !OurCommands.isOurs(module.getInfo())) return;
		// As legacy's MacroPreprocessor decides "called from a macro": IJ.isMacro(), and options given (a macro's
		// run("Deblur Signal") without options shows the dialog in ImageJ 1.x, so it keeps the remembered values).
		if (!IJ.isMacro() || Macro.getOptions() == null) return;
		CommandInfo info = (CommandInfo) module.getInfo();
		ModuleItem<?> image = CommandRunner.imageInput(info);
		for (ModuleItem<?> item : CommandRunner.userInputs(info)) {
			if (item != image) module.resolveInput(item.getName());
		}
	}
}
