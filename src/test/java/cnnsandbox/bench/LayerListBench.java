package cnnsandbox.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import cnnsandbox.data.FashionMnist;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.model.Architecture;
import cnnsandbox.training.Optimizer;
import cnnsandbox.training.Trainer;
import cnnsandbox.training.TrainingResult;
import cnnsandbox.training.TrainingSettings;
import cnnsandbox.options.Options;

/**
 * A custom layer list trained by CNN Sandbox and by PyTorch (Debian's python3-torch, {@code /usr/bin/python3}) on the
 * same Fashion-MNIST slice with the same optimiser, in the same run: test accuracy (full 10k test set) and time, per
 * seed. PyTorch draws its own initialisation and shuffles, so the figures to compare are the means over seeds.
 * <p>
 * Usage: {@code LayerListBench [layers="conv 16 5, relu, maxpool 2, dense 10"] [epochs=2] [train_limit=20000]
 * [optimizer=Adam] [learning_rate=0.001] [batch_size=250] [seeds=1,2,3] [python=/usr/bin/python3]}.
 */
public final class LayerListBench {

	private LayerListBench() {}

	public static void main(String[] args) throws Exception {
		cnnsandbox.backend.NativeBinary.select(); // before ND4J loads its natives: the CPU binary, the thread wait policy
		BenchArgs given = new BenchArgs(args, "layers", "epochs", "train_limit", "optimizer", "learning_rate", "batch_size", "seeds", "python");
		String layers = given.text("layers", "conv 16 5, relu, maxpool 2, dense 10"), optimizer = given.text("optimizer", "Adam"),
			seeds = given.text("seeds", "1,2,3"), python = given.text("python", "/usr/bin/python3");
		int epochs = given.integer("epochs", 2), trainLimit = given.integer("train_limit", 20000), batch = given.integer("batch_size", 250);
		double lr = given.number("learning_rate", 0.001);
		Path data = FashionMnist.DEFAULT_DIR;
		LabeledImages train = FashionMnist.load(data, true, trainLimit), test = FashionMnist.load(data, false, 0);
		System.out.printf(Locale.ROOT, "[%s], %d epochs on %d training images, %s lr %s, batch %d; test: %d images%n", layers, epochs,
			train.n, optimizer, lr, batch, test.n);
		System.out.println("CNN Sandbox on " + Trainer.backendFor(cnnsandbox.model.LayerList.parse(layers, train.rows, train.cols, train.classes()), batch)); // the engine's threads applied
		double ours = 0, oursSeconds = 0;
		String[] seedList = seeds.split(",");
		for (String seed : seedList) {
			TrainingSettings s = new TrainingSettings(Architecture.CUSTOM);
			s.layers = cnnsandbox.model.LayerSpec.parseList(layers);
			s.epochs = epochs;
			s.optimizer = Options.choice("optimizer", optimizer, Optimizer.class);
			s.learningRate = lr;
			s.batchSize = batch;
			s.seed = Long.parseLong(seed.trim());
			long t0 = System.nanoTime();
			TrainingResult r = new Trainer().train(s, train, test, null, null);
			double acc = r.last().testAccuracy;
			ours += acc;
			oursSeconds += (System.nanoTime() - t0) / 1e9;
			System.out.printf(Locale.ROOT, "cnn-sandbox seed %s: test accuracy %.4f (%d/%d), %.1f s%n", seed.trim(), acc, r.last().correct,
				test.n, (System.nanoTime() - t0) / 1e9);
		}
		Path script = Files.createTempFile("torch_layer_list", ".py");
		try {
			try (InputStream in = LayerListBench.class.getResourceAsStream("torch_layer_list.py")) {
				Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
			}
			// PyTorch at its default threads, then at torch.set_num_threads(cores); times compared with the faster
			double torch = 0, fastest = Double.MAX_VALUE;
			int n = 0;
			for (int threads : new int[] { 0, Runtime.getRuntime().availableProcessors() }) {
				List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
				if (threads > 0)
					cmd.addAll(List.of("--threads", String.valueOf(threads)));
				cmd.addAll(List.of(data.toString(), layers, String.valueOf(epochs), String.valueOf(trainLimit), optimizer,
					String.valueOf(lr), String.valueOf(batch)));
				for (String seed : seedList)
					cmd.add(seed.trim());
				Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
				double seconds = 0;
				int runs = 0;
				try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line; (line = r.readLine()) != null;) {
						System.out.println(line);
						if (line.startsWith("torch seed")) {
							if (threads == 0) {
								torch += Double.parseDouble(line.replaceAll(".*test accuracy ([0-9.]+).*", "$1"));
								n++;
							}
							seconds += Double.parseDouble(line.replaceAll(".*\\), ([0-9.]+) s.*", "$1"));
							runs++;
						}
					}
				}
				if (p.waitFor() != 0 || runs == 0) {
					System.out.println("PyTorch peer failed (exit " + p.exitValue() + "): install python3-torch");
					return;
				}
				fastest = Math.min(fastest, seconds / runs);
			}
			System.out.printf(Locale.ROOT, "mean test accuracy: CNN Sandbox %.2f %%, PyTorch %.2f %% (difference %.2f points)%n",
				100 * ours / seedList.length, 100 * torch / n, 100 * (ours / seedList.length - torch / n));
			// not like for like: ours also evaluates before training (epoch 0) and includes the JIT's warm-up in its first seed
			System.out.printf(Locale.ROOT, "mean time per seed (whole runs; ours with its evaluation before training and "
				+ "the JIT's warm-up): CNN Sandbox %.1f s, PyTorch's faster thread setting %.1f s: ours %.2fx as fast%n", oursSeconds / seedList.length, fastest, fastest / (oursSeconds / seedList.length));
		} finally {
			Files.deleteIfExists(script);
		}
	}
}
