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
 * The layering rules a newcomer can rely on, checked on the source tree: engines know nothing of ImageJ or SciJava;
 * the network engine knows no network description and its modules never reach back into the engine; the network
 * description sits on the engine alone; host code lives in hosting/, ij1/ and cli/, and commands reach their host
 * only through SciJava services.
 */
class LayeringTest {

	static final Path MAIN = Paths.get("src/main/java/cnnsandbox");
	static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);

	@Test
	void enginesImportNeitherImageJNorSciJava() throws IOException {
		List<String> offences = new ArrayList<>();
		for (String engine : new String[] { "deblur", "data", "model", "engine", "training", "modelfile", "classify", "visualize",
			"backend", "options", "files", "export", "importer", "explain" }) {
			offences.addAll(imports(engine, "ij.", "org.scijava.", "net.imagej.", "cnnsandbox.commands", "cnnsandbox.ij1",
				"cnnsandbox.cli", "cnnsandbox.outputs", "cnnsandbox.hosting"));
		}
		assertTrue(offences.isEmpty(), "engine packages must not import host code: " + offences);
	}

	@Test
	void commandsAndOutputsDoNotImportTheHosts() throws IOException {
		List<String> offences = new ArrayList<>(imports("commands", "cnnsandbox.ij1", "cnnsandbox.cli", "ij.IJ", "ij.WindowManager"));
		offences.addAll(imports("outputs", "cnnsandbox.ij1", "cnnsandbox.cli", "cnnsandbox.commands", "org.scijava."));
		assertTrue(offences.isEmpty(), "commands reach their host through HostService only: " + offences);
	}

	/** The engine runs any NetworkPlan: it imports no description, training, file or export code. */
	@Test
	void theEngineKnowsNoNetworkDescription() throws IOException {
		List<String> offences = imports("engine", "cnnsandbox.model", "cnnsandbox.training", "cnnsandbox.modelfile",
			"cnnsandbox.export", "cnnsandbox.data", "cnnsandbox.options");
		assertTrue(offences.isEmpty(), "engine/ must not import the layers above it: " + offences);
	}

	/** The description (layer kinds, lists) sits on the engine alone: training, files and exports are above it. */
	@Test
	void theDescriptionSitsOnTheEngineAlone() throws IOException {
		List<String> offences = imports("model", "cnnsandbox.training", "cnnsandbox.modelfile", "cnnsandbox.export",
			"cnnsandbox.data", "cnnsandbox.visualize", "cnnsandbox.classify");
		assertTrue(offences.isEmpty(), "model/ must not import the layers above it: " + offences);
	}

	/** A module is one layer's passes: it gets what it needs when planned and never reaches back into Engine. */
	@Test
	void modulesDoNotReferenceTheEngine() throws IOException {
		List<String> offences = new ArrayList<>();
		try (Stream<Path> files = Files.list(MAIN.resolve("engine"))) {
			for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith("Module.java"))::iterator) {
				String code = new String(Files.readAllBytes(f), "UTF-8").replaceAll("(?s)/\\*.*?\\*/|//[^\n]*", "");
				if (Pattern.compile("\\bEngine\\b").matcher(code).find()) offences.add(f.getFileName().toString());
			}
		}
		assertTrue(offences.isEmpty(), "modules must not reference Engine: " + offences);
	}

	/** Host code (preprocessors, the runner by label, macro options) lives in hosting/, not beside the commands. */
	@Test
	void noHostCodeInCommands() throws IOException {
		List<String> offences = imports("commands", "org.scijava.module.process", "cnnsandbox.hosting");
		assertTrue(offences.isEmpty(), "commands/ holds the commands only: " + offences);
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
