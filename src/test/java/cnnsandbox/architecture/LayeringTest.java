package cnnsandbox.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layering rules a newcomer can rely on, checked on the source tree: engines know nothing of ImageJ or SciJava,
 * and commands reach their host only through SciJava services (never the ImageJ 1.x bridge or the CLI directly).
 */
class LayeringTest {

	static final Path MAIN = Paths.get("src/main/java/cnnsandbox");
	static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);

	@Test
	void enginesImportNeitherImageJNorSciJava() throws IOException {
		List<String> offences = new ArrayList<>();
		for (String engine : new String[] { "deblur", "data", "model", "classify", "visualize", "backend", "options", "files", "export" }) {
			offences.addAll(imports(engine, "ij.", "org.scijava.", "net.imagej.", "cnnsandbox.commands", "cnnsandbox.ij1",
				"cnnsandbox.cli", "cnnsandbox.outputs"));
		}
		assertTrue(offences.isEmpty(), "engine packages must not import host code: " + offences);
	}

	@Test
	void commandsAndOutputsDoNotImportTheHosts() throws IOException {
		List<String> offences = new ArrayList<>(imports("commands", "cnnsandbox.ij1", "cnnsandbox.cli", "ij.IJ", "ij.WindowManager"));
		offences.addAll(imports("outputs", "cnnsandbox.ij1", "cnnsandbox.cli", "cnnsandbox.commands", "org.scijava."));
		assertTrue(offences.isEmpty(), "commands reach their host through HostService only: " + offences);
	}

	/** "File: import" for every import in {@code pkg} that starts with one of {@code forbidden}. */
	static List<String> imports(String pkg, String... forbidden) throws IOException {
		List<String> found = new ArrayList<>();
		Path dir = MAIN.resolve(pkg);
		if (!Files.isDirectory(dir)) return found;
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
				Matcher m = IMPORT.matcher(new String(Files.readAllBytes(file), "UTF-8"));
				while (m.find()) {
					for (String prefix : forbidden) {
						if (m.group(2).startsWith(prefix)) found.add(MAIN.relativize(file) + ": " + m.group(2));
					}
				}
			}
		}
		assertTrue(Files.isDirectory(MAIN), "run from the project folder");
		return found;
	}
}
