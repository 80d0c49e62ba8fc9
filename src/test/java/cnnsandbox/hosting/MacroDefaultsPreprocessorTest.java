package cnnsandbox.hosting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.Priority;
import org.scijava.command.CommandInfo;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleRunner;
import org.scijava.module.ModuleService;
import org.scijava.module.process.AbstractPreprocessorPlugin;
import org.scijava.module.process.PreprocessorPlugin;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.PluginInfo;
import org.scijava.plugin.PluginService;

import ij.IJ;
import ij.Macro;
import ij.macro.Interpreter;

/**
 * Fiji's macro path, in a real SciJava context: all of scijava-common's preprocessors (LoadInputsPreprocessor
 * included) plus a stand-in for imagej-legacy's MacroPreprocessor (not on Maven Central) that does what its source
 * does: when {@code IJ.isMacro()}, set and resolve each input named in {@code Macro.getOptions()}, at priority 20000.
 * The macro itself runs in ImageJ 1.x's real Interpreter, so {@code IJ.isMacro()} is true as in Fiji.
 */
public class MacroDefaultsPreprocessorTest {

	static Context context;
	static ModuleService modules;
	static CommandInfo deblur;
	static List<ModuleItem<?>> remembered = new ArrayList<>();
	static Module last;

	/** What imagej-legacy's net.imagej.legacy.plugin.MacroPreprocessor does (its source, read for this test). */
	public static class LegacyMacroPreprocessor extends AbstractPreprocessorPlugin {
		@Parameter
		private ConvertService convert;

		@Override
		public void process(Module module) {
			if (!IJ.isMacro()) return;
			String options = Macro.getOptions();
			for (ModuleItem<?> input : module.getInfo().inputs()) {
				String value = Macro.getValue(options, input.getName(), null);
				if (value == null || !convert.supports(value, input.getType())) continue;
				module.setInput(input.getName(), convert.convert(value, input.getType()));
				module.setResolved(input.getName(), true);
			}
		}
	}

	@BeforeAll
	static void start() {
		context = new Context();
		modules = context.service(ModuleService.class);
		deblur = new CommandRunner(context).find("Deblur Signal");
	}

	/** An earlier interactive run left sigma=5, iterations=7, metric=Sobolev in the user's preferences. */
	@BeforeEach
	void remember() {
		save("sigma", 5.0);
		save("iterations", 7);
		save("metric", "Sobolev");
	}

	@SuppressWarnings("unchecked")
	static <T> void save(String name, T value) {
		ModuleItem<T> item = (ModuleItem<T>) deblur.getInput(name);
		modules.save(item, value);
		remembered.add(item);
	}

	@AfterAll
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static void stop() {
		// leave the developer's preferences as a fresh install has them: the defaults
		Module fresh = modules.createModule(deblur);
		for (ModuleItem item : remembered) modules.save(item, fresh.getInput(item.getName()));
		context.dispose();
	}

	/** Runs Deblur Signal's preprocessing chain (not the command) on this thread and keeps the module. */
	public static String preprocess(String options) throws Exception {
		Macro.setOptions(options);
		try {
			PluginService plugins = context.service(PluginService.class);
			LegacyMacroPreprocessor legacy = new LegacyMacroPreprocessor();
			context.inject(legacy);
			List<PreprocessorPlugin> pre = new ArrayList<>();
			for (PluginInfo<PreprocessorPlugin> info : plugins.getPluginsOfType(PreprocessorPlugin.class)) { // highest priority first
				if (info.getPriority() < 2 * Priority.VERY_HIGH && !pre.contains(legacy)) pre.add(legacy);
				pre.add(plugins.createInstance(info));
			}
			last = modules.createModule(deblur);
			new ModuleRunner(context, last, pre, List.of()).preProcess();
			return "";
		}
		finally {
			Macro.setOptions(null);
		}
	}

	/** As ImageJ runs a macro: on a thread named "Run$_..." (Macro.getOptions() answers only there), in the Interpreter. */
	static Module fromMacro(String options) throws InterruptedException {
		last = null;
		Thread t = new Thread(() -> new Interpreter().run("call(\"" + MacroDefaultsPreprocessorTest.class.getName()
			+ ".preprocess\", \"" + options + "\");"), "Run$_test");
		t.start();
		t.join();
		return last;
	}

	@Test
	void aKeyLeftOutOfAMacroTakesTheDocumentedDefault() throws Exception {
		Module m = fromMacro("iterations=3 ");
		assertEquals(3, m.getInput("iterations"), "named in the macro");
		assertEquals(30.0, m.getInput("sigma"), "left out: the documented default, not the remembered 5");
		assertEquals("L2", m.getInput("metric"), "left out: the documented default, not the remembered Sobolev");
		assertNull(m.getInput("input"), "the image is the host's business (the active image in Fiji)");
		// SciJava's SaveInputsPreprocessor then remembers what ran, as after any macro run in Fiji
		preprocess(null);
		assertEquals(30.0, last.getInput("sigma"), "a dialog opened next shows the values the macro ran with");
	}

	@Test
	void anInteractiveRunStillShowsTheLastValues() throws Exception {
		preprocess(null); // not in a macro: IJ.isMacro() is false
		assertEquals(5.0, last.getInput("sigma"));
		assertEquals(7, last.getInput("iterations"));
		assertEquals("Sobolev", last.getInput("metric"));
	}
}
