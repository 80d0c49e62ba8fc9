package cnnsandbox.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import cnnsandbox.model.LayerKind;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.LayerSpec;
import cnnsandbox.model.Network;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * Every {@link LayerKind} and a non-identity normalisation, exported from a bare layer list and run by ONNX Runtime,
 * against the same list computed by SameDiff ({@link Network#inferenceGraph}, the reference EngineTest also uses).
 */
class OnnxExporterTest {

	static final int ROWS = 12, COLS = 12, BATCH = 7;
	/** A list holding every kind: a kind added without an ONNX translation fails here. */
	static final String EVERY_KIND = "conv 4 3, tanh, avgpool 2, conv 3 5, conv 3 3 stride 2 pad 1, sigmoid, maxpool 3, globalavgpool, relu, dropout 0.3, dense 6, leakyrelu 0.1, tanh, dense 5";

	@Test
	void everyLayerKindMatchesSameDiff() throws Exception {
		Random rng = new Random(3);
		LayerList net = LayerList.parse(EVERY_KIND, ROWS, COLS, 5);
		Set<LayerKind> kinds = EnumSet.noneOf(LayerKind.class);
		for (LayerSpec s : net.specs())
			kinds.add(s.kind);
		assertEquals(EnumSet.allOf(LayerKind.class), kinds, "the test list must hold every layer kind");
		Map<String, INDArray> params = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> e : net.paramShapes().entrySet())
			params.put(e.getKey(), random(rng, e.getValue()));
		List<String> classes = List.of("a", "b", "c", "d", "e");
		ExportableModel m = new ExportableModel("test", null, net, params, 2, -1, classes);
		float[] x = new float[BATCH * ROWS * COLS];
		for (int i = 0; i < x.length; i++)
			x[i] = rng.nextFloat();

		INDArray normalised = Nd4j.create(x, new long[] { BATCH, 1, ROWS, COLS }, 'c').mul(m.scale).add(m.offset);
		INDArray logp = Network.inferenceGraph(net, params).outputSingle(Map.of(Network.INPUT, normalised), Network.LOGP);
		float[] expected = Transforms.exp(logp, true).castTo(DataType.FLOAT).dup('c').data().asFloat();
		OrtEnvironment ort = OrtEnvironment.getEnvironment();
		float[][] p;
		try (OrtSession s = ort.createSession(OnnxExporter.export(m).toByteArray(), new OrtSession.SessionOptions());
			OnnxTensor in = OnnxTensor.createTensor(ort, FloatBuffer.wrap(x), new long[] { BATCH, 1, ROWS, COLS });
			OrtSession.Result r = s.run(Map.of(OnnxExporter.INPUT, in))) {
			p = (float[][]) r.get(OnnxExporter.OUTPUT).get().getValue();
		}
		double maxDiff = 0;
		for (int i = 0; i < BATCH; i++)
			for (int k = 0; k < classes.size(); k++)
				maxDiff = Math.max(maxDiff, Math.abs(p[i][k] - expected[i * classes.size() + k]));
		assertTrue(maxDiff <= 1e-5, "max |p_onnx - p_samediff| = " + maxDiff);
		assertEquals(1.0, p[0][0] + p[0][1] + p[0][2] + p[0][3] + p[0][4], 1e-5);
	}

	static INDArray random(Random rng, long... shape) {
		long n = 1;
		for (long d : shape)
			n *= d;
		float[] v = new float[(int) n];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) rng.nextGaussian() * 0.5f;
		return Nd4j.create(v, shape, 'c');
	}
}
