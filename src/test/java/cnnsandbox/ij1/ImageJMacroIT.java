package cnnsandbox.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * A real ImageJ 1.x, started from {@code target/app} under Xvfb, loads the plugin from {@code plugins.config} and
 * runs our commands from macros, exactly as a user's batch macro would.
 */
class ImageJMacroIT {

	static Path app;

	@BeforeAll
	static void locateApp() {
		app = Paths.get(System.getProperty("app.dir", "target/app")).toAbsolutePath();
		assertTrue(Files.isDirectory(app.resolve("plugins")), "run 'mvn package' first: " + app + " has no plugins/");
	}

	/** Runs {@code macro} in ImageJ with {@code -batch} and returns what it printed. */
	static String runMacro(String macro, Path dir) throws IOException, InterruptedException {
		Path file = dir.resolve("test.ijm");
		Files.write(file, macro.getBytes(StandardCharsets.UTF_8));
		File ij = Files.list(app.resolve("jars")).filter(p -> p.getFileName().toString().matches("ij-[0-9].*\\.jar"))
			.findFirst().orElseThrow().toFile();
		List<String> cmd = new ArrayList<>(List.of("xvfb-run", "-a", "java", "-Xmx2g", "-jar", ij.getPath(), "-ijpath",
			app.toString(), "-batch", file.toString()));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(10, TimeUnit.MINUTES));
		return out;
	}

	@Test
	void deblurSignalFromAMacro(@TempDir Path dir) throws Exception {
		Path sample = Paths.get("sample-images/workshop-signal.tif").toAbsolutePath();
		String macro = String.join("\n",
			"List.setCommands;",
			"print(\"menu: \" + List.get(\"Deblur Signal\"));",
			"open(\"" + sample + "\");",
			"run(\"Deblur Signal\", \"sigma=30 iterations=2501\");",
			"selectImage(\"Deblurred\");",
			"saveAs(\"Tiff\", \"" + dir.resolve("deblurred.tif") + "\");",
			"Table.save(\"" + dir.resolve("loss.csv") + "\", \"Deblur Loss\");",
			"print(\"done\");");
		String out = runMacro(macro, dir);
		assertTrue(out.contains("menu: cnnsandbox.ij1.RunCommand(\"Deblur Signal\")"), out);
		ImagePlus x = IJ.openImage(dir.resolve("deblurred.tif").toString());
		assertEquals(601, x.getWidth(), out);
		assertEquals(0.01, x.getCalibration().pixelWidth, 1e-9, "the output keeps the input's calibration");
		List<String> loss = Files.readAllLines(dir.resolve("loss.csv"));
		assertTrue(loss.get(0).contains("iteration") && loss.get(0).contains("loss"), loss.get(0));
		String[] at2500 = loss.get(2).split(",");
		assertEquals(0.18382, Double.parseDouble(at2500[1]), 0.005 * 0.18382, "workshop loss at iteration 2500: " + loss);
	}

	@Test
	void badParameterStopsTheMacroWithAMessage(@TempDir Path dir) throws Exception {
		Path sample = Paths.get("sample-images/workshop-signal.tif").toAbsolutePath();
		String macro = String.join("\n",
			"open(\"" + sample + "\");",
			"run(\"Deblur Signal\", \"sigma=-1 iterations=10\");",
			"print(\"after\");",
			"saveAs(\"Tiff\", \"" + dir.resolve("should-not-exist.tif") + "\");");
		String out = runMacro(macro, dir);
		assertTrue(out.contains("sigma"), out);
		assertTrue(!Files.exists(dir.resolve("should-not-exist.tif")), "the macro must stop at the error: " + out);
	}
}
