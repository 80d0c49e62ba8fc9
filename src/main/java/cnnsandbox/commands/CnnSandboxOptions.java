package cnnsandbox.commands;

import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.prefs.PrefService;

import cnnsandbox.backend.Threads;

/**
 * CNN Sandbox Options: settings that hold for every CNN Sandbox command, set once (kept in the SciJava preferences
 * across sessions) or from a macro: {@code run("CNN Sandbox Options", "threads=4")}. The engine's thread policy
 * itself is {@link Threads}; this command only stores the setting, and {@link ApplyOptions} applies it before each
 * of our commands runs.
 */
@Plugin(type = Command.class, menuPath = "Plugins>CNN Sandbox>CNN Sandbox Options", headless = true, label = "CNN Sandbox Options",
	description = "Settings for every command: how many CPU threads the computations use")
public class CnnSandboxOptions extends ContextCommand {

	/** The preference key of the thread setting. */
	static final String THREADS = "threads";

	@Parameter
	private LogService log;

	@Parameter
	private PrefService prefs;

	@Parameter(label = "threads", min = "0", persist = false, initializer = "initThreads",
		description = "threads for training, inference and deblurring; 0 = automatic (all cores, one for single-image steps)")
	private int threads = 0;

	private boolean initialized;

	/**
	 * The stored setting, once per run: {@link CommandRunner} initializes before it sets the given inputs, and
	 * SciJava's init preprocessor initializes again, which had put the stored 0 over the CLI's threads=1.
	 */
	protected void initThreads() {
		if (initialized) return;
		initialized = true;
		threads = prefs == null ? 0 : prefs.getInt(CnnSandboxOptions.class, THREADS, 0);
	}

	@Override
	public void run() {
		Threads.setSetting(threads); // validates: one clear line for a bad value, nothing stored
		prefs.put(CnnSandboxOptions.class, THREADS, threads);
		log.info("CNN Sandbox Options: threads = " + (threads == 0 ? "automatic (" + Threads.available() + " cores)" : threads));
	}

	/** Applies the stored options (the thread setting) before an engine command runs; no-op without preferences. */
	public static void apply(PrefService prefs) {
		if (prefs != null)
			Threads.setSetting(Math.max(0, prefs.getInt(CnnSandboxOptions.class, THREADS, 0)));
	}
}
