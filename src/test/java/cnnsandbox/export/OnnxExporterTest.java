package cnnsandbox.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * Every {@link Layer.Kind} and a non-identity normalisation, exported from a bare layer list and run by ONNX Runtime,
 * against the same list computed by ND4J's SameDiff ops (the reference): what a general layer-list model will need.
 */
class OnnxExporterTest {

	static final int ROWS = 12, COLS = 12, BATCH = 7;

	@Test
	void everyLayerKindMatchesSameDiff() throws Exception {
		Random rng = new Random(3);
		List<Layer> layers = List.of(
			Layer.conv("c1", random(rng, 3, 3, 1, 4), random(rng, 4), 0), // 12 -> 10
			Layer.of(Layer.Kind.TANH, "t1"),
			Layer.avgPool("a1", 2, 2), // 10 -> 5
			Layer.conv("c2", random(rng, 3, 3, 4, 3), random(rng, 3), 1), // 5 -> 5
			Layer.of(Layer.Kind.SIGMOID, "s2"),
			Layer.maxPool("m2", 2, 2), // 5 -> 2 (floor)
			Layer.of(Layer.Kind.RELU, "r2"),
			Layer.of(Layer.Kind.FLATTEN, "flat"), // 3 * 2 * 2 = 12, (channel, row, column)
			Layer.of(Layer.Kind.DROPOUT, "drop"),
			Layer.dense("d1", random(rng, 12, 6), random(rng, 6)),
			Layer.of(Layer.Kind.TANH, "t3"),
			Layer.dense("d2", random(rng, 6, 5), random(rng, 5)));
		List<String> classes = List.of("a", "b", "c", "d", "e");
		ExportableModel m = new ExportableModel("test", null, ROWS, COLS, 2, -1, layers, classes);
		float[] x = new float[BATCH * ROWS * COLS];
		for (int i = 0; i < x.length; i++)
			x[i] = rng.nextFloat();

		float[] expected = sameDiff(m, Nd4j.create(x, new long[] { BATCH, 1, ROWS, COLS }, 'c'));
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

	/** The reference: the layer list as a SameDiff graph (NCHW, YXIO weights, as the engine). */
	static float[] sameDiff(ExportableModel m, INDArray input) {
		SameDiff sd = SameDiff.create();
		SDVariable x = sd.constant("x", input).mul(m.scale).add(m.offset);
		for (Layer l : m.layers) {
			switch (l.kind) {
			case CONV:
				x = sd.cnn().conv2d(x, sd.constant(l.weight), sd.constant(l.bias), Conv2DConfig.builder().kH(l.kernel).kW(l.kernel)
					.sH(1).sW(1).pH(l.padding).pW(l.padding).dH(1).dW(1).paddingMode(PaddingMode.VALID)
					.dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build());
				break;
			case MAX_POOL:
			case AVG_POOL: {
				Pooling2DConfig pool = Pooling2DConfig.builder().kH(l.kernel).kW(l.kernel).sH(l.stride).sW(l.stride).pH(0).pW(0)
					.dH(1).dW(1).paddingMode(PaddingMode.VALID).isNHWC(false).build();
				x = l.kind == Layer.Kind.MAX_POOL ? sd.cnn().maxPooling2d(x, pool) : sd.cnn().avgPooling2d(x, pool);
				break;
			}
			case RELU:
				x = sd.nn().relu(x, 0);
				break;
			case TANH:
				x = sd.math().tanh(x);
				break;
			case SIGMOID:
				x = sd.nn().sigmoid(x);
				break;
			case DROPOUT:
				break;
			case FLATTEN:
				x = sd.reshape(x, input.size(0), -1);
				break;
			case DENSE:
				x = sd.nn().linear(x, sd.constant(l.weight), sd.constant(l.bias));
				break;
			default:
				throw new AssertionError(l);
			}
		}
		SDVariable p = sd.nn().softmax("p", x, 1);
		return sd.outputSingle(new java.util.HashMap<>(), "p").castTo(DataType.FLOAT).dup('c').data().asFloat();
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
