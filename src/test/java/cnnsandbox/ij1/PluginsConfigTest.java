package cnnsandbox.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.scijava.Context;

import cnnsandbox.hosting.CommandRunner;

/**
 * plain ImageJ 1.x finds our commands only through plugins.config: every SciJava command of ours has its menu
 * entry there, under the same label and run by the bridge with that label (Explain Classification and Import Model
 * were once left out, so ImageJ's menu lacked them while Fiji's had them).
 */
class PluginsConfigTest {

	static final Pattern ENTRY = Pattern.compile("Plugins>CNN Sandbox, \"([^\"]+)\", cnnsandbox\\.ij1\\.RunCommand\\(\"([^\"]+)\"\\)");

	@Test
	void everyCommandHasItsImageJMenuEntry() throws Exception {
		Set<String> entries = new TreeSet<>();
		for (String line : Files.readAllLines(Paths.get("plugins.config"))) {
			if (line.isBlank() || line.startsWith("#")) continue;
			Matcher m = ENTRY.matcher(line.trim());
			assertEquals(true, m.matches(), "plugins.config: not an entry of ours: " + line);
			assertEquals(m.group(1), m.group(2), "the menu label runs the command of that label: " + line);
			entries.add(m.group(1));
		}
		Context context = new Context();
		try {
			Set<String> commands = new CommandRunner(context).commands().stream().map(i -> i.getMenuPath().getLeaf().getName())
				.collect(Collectors.toCollection(TreeSet::new));
			assertEquals(commands, entries, "plugins.config against the SciJava commands' menu labels");
		}
		finally {
			context.dispose();
		}
	}
}
