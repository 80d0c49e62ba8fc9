package cnnsandbox.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.prefs.PrefService;

import cnnsandbox.backend.Threads;
import cnnsandbox.hosting.MacroOptions;

/**
 * CNN Sandbox Options: the stored thread setting holds for every command, Show Activations included (a
 * DynamicCommand, not a SandboxCommand: the options were once applied by {@code instanceof SandboxCommand} and
 * skipped it).
 */
class CnnSandboxOptionsTest extends CommandContextTest {

	@Test
	void theStoredThreadSettingHoldsForShowActivations() {
		FashionFixtures f = FashionFixtures.get();
		try {
			prefs().put(CnnSandboxOptions.class, CnnSandboxOptions.THREADS, 1);
			Threads.setSetting(0); // as a fresh process would start
			Map<String, Object> inputs = new HashMap<>(MacroOptions.parse("model_file=" + f.mlp));
			inputs.put("input", CustomNetworkCommandsTest.stack(f.test, 1));
			runner.run(runner.find("Show Activations"), inputs);
			assertEquals(1, Threads.setting(), "Show Activations ran without the stored thread setting");
		}
		finally {
			prefs().remove(CnnSandboxOptions.class, CnnSandboxOptions.THREADS);
			Threads.setSetting(0);
		}
	}

	private static PrefService prefs() {
		return context.service(PrefService.class);
	}
}
