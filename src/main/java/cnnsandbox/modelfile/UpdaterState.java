package cnnsandbox.modelfile;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import cnnsandbox.files.ZipEntries;
import cnnsandbox.options.Options;
import cnnsandbox.training.Optimizer;
import cnnsandbox.training.OptimizerState;

/**
 * The optimiser state in a model file, so that {@code initial_model} continues a run exactly: each array (Adam's
 * M and V, SGD's velocity V; one float per parameter) an entry {@code optimizer/<name>} written as the parameters
 * are, and {@code model.json}'s {@code optimizerState} naming the optimiser, the arrays, the updates and the epochs
 * done. Optional: files without it (older, imported, keep=best) load as before, and readers that do not know it
 * skip it.
 */
final class UpdaterState {

	static final String DIR = "optimizer/", KEY = "optimizerState";
	private static final java.util.Set<String> NAMES = java.util.Set.of("M", "V");

	private UpdaterState() {}

	/** The arrays to write, by entry name ({@code optimizer/M}...); none for null. */
	static Map<String, INDArray> entries(OptimizerState state) {
		Map<String, INDArray> m = new LinkedHashMap<>();
		if (state != null)
			state.arrays.forEach((name, a) -> m.put(DIR + name, a));
		return m;
	}

	static void describe(ObjectNode o, OptimizerState state) {
		if (state == null)
			return;
		ObjectNode so = o.putObject(KEY);
		so.put("optimizer", state.optimizer.name());
		so.put("iterations", state.iterations);
		so.put("epochs", state.epochs);
		ArrayNode names = so.putArray("arrays");
		state.arrays.keySet().forEach(names::add);
	}

	/**
	 * The state {@code node} describes, its arrays read from {@code zip} and checked to hold {@code parameters}
	 * finite values each; null when the file has none.
	 *
	 * @throws IOException naming what is wrong (the caller adds the file)
	 */
	static OptimizerState read(ZipFile zip, JsonNode node, long parameters) throws IOException {
		if (node == null || node.isMissingNode() || node.isNull())
			return null;
		Optimizer optimizer = Options.choice(KEY + ".optimizer", node.path("optimizer").asText(), Optimizer.class);
		long iterations = node.path("iterations").asLong(-1);
		int epochs = node.path("epochs").asInt(-1);
		if (iterations < 0 || iterations > Integer.MAX_VALUE || epochs < 0)
			throw new IOException(KEY + " has " + iterations + " updates and " + epochs + " epochs, expected numbers >= 0");
		Map<String, INDArray> arrays = new LinkedHashMap<>();
		long[] shape = { parameters };
		for (JsonNode n : node.path("arrays")) {
			String name = n.asText();
			if (!NAMES.contains(name) || arrays.containsKey(name))
				throw new IOException(KEY + " names an array '" + name + "', expected M or V, once each");
			ZipEntry e = zip.getEntry(DIR + name);
			if (e == null)
				throw new IOException("optimizer state " + name + " is missing");
			ZipEntries.verify(zip, e, ModelFile.storedSize(shape));
			try (InputStream in = ZipEntries.open(zip, e, ModelFile.storedSize(shape))) {
				arrays.put(name, StoredArray.read(in, "optimizer " + name, shape));
				ZipEntries.readToEnd(in);
			}
		}
		return new OptimizerState(optimizer, arrays, iterations, epochs);
	}
}
