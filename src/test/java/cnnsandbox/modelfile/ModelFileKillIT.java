package cnnsandbox.modelfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;
import cnnsandbox.training.Classifier;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingSettings;

/**
 * {@code kill -9} at 20 seeded random points of saving a model (issue 24 item 6): a process saving the model over and
 * over is killed; the model file always loads (the old or a new one, never half of one), and the temporary file a
 * kill leaves is gone once the next process has saved into that folder. No shutdown hook runs on SIGKILL: only the
 * next writer can clean up.
 */
class ModelFileKillIT {

	final long seed = Long.getLong("kill.seed", 24L);
	final Path app = Paths.get(System.getProperty("app.dir", "target/app")).toAbsolutePath();

	/** The child: loads args[0], saves it to args[1] once ("saved"), then again and again until killed. */
	public static void main(String[] args) throws Exception {
		Classifier c = ModelFile.load(Paths.get(args[0]));
		Path target = Paths.get(args[1]);
		ModelFile.save(c, target);
		System.out.println("saved");
		System.out.flush();
		if (args.length > 2) return; // the "next run": one save
		while (true) ModelFile.save(c, target);
	}

	@Test
	void killedSavesLeaveALoadableModelAndNoTemporaryFileAfterTheNextRun(@TempDir Path dir) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "no Fashion-MNIST in " + FashionMnist.DEFAULT_DIR);
		LabeledImages train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true, 100);
		TrainingSettings s = new TrainingSettings(Architecture.MLP);
		s.hidden = 2000; // 6 MB of weights: a save takes tens of milliseconds
		s.epochs = 0;
		Path source = dir.resolve("source.zip"), models = Files.createDirectories(dir.resolve("models")), target = models.resolve("m.zip");
		ModelFile.save(new Trainer().train(s, train, train, null, null).classifier, source);
		Files.copy(source, target);
		Random random = new Random(seed);
		List<String> log = new ArrayList<>();
		List<String> leftBefore = List.of();
		int left = 0;
		for (int kill = 0; kill < 20; kill++) {
			Process p = start(source, target, false);
			waitForSaved(p);
			List<String> stillThere = new ArrayList<>(hidden(models));
			stillThere.retainAll(leftBefore);
			assertEquals(List.of(), stillThere, "the temporary files of the killed run before are gone once this run saved (seed " + seed + ")");
			long delay = random.nextInt(300);
			Thread.sleep(delay);
			p.destroyForcibly(); // SIGKILL
			assertTrue(p.waitFor(30, TimeUnit.SECONDS));
			leftBefore = hidden(models);
			if (!leftBefore.isEmpty()) left++;
			log.add(delay + " ms: " + leftBefore.size() + " left");
			assertNotNull(ModelFile.load(target), "the model loads after kill " + kill + " (seed " + seed + ", " + log + ")");
		}
		Process next = start(source, target, true);
		waitForSaved(next);
		assertTrue(next.waitFor(60, TimeUnit.SECONDS));
		assertEquals(List.of("m.zip"), Files.list(models).map(f -> f.getFileName().toString()).collect(Collectors.toList()),
			"after the next run, only the model (seed " + seed + ", " + log + ")");
		assertNotNull(ModelFile.load(target));
		System.out.println("kill -9 during saves (seed " + seed + "): " + left + " of 20 kills left a temporary file, "
			+ "each removed by the next run; the model loaded after every kill: " + log);
	}

	static List<String> hidden(Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().collect(Collectors.toList());
		}
	}

	static void waitForSaved(Process p) throws Exception {
		BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = r.readLine()) != null)
			if (line.equals("saved")) return;
		throw new AssertionError("the saving process ended without saving (exit " + p.waitFor() + ")");
	}

	Process start(Path source, Path target, boolean once) throws Exception {
		List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
			Paths.get("target/test-classes").toAbsolutePath() + ":" + app.resolve("jars") + "/*:" + app.resolve("plugins") + "/*",
			ModelFileKillIT.class.getName(), source.toString(), target.toString()));
		if (once) cmd.add("once");
		return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
	}
}
