package cnnsandbox.deblur;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import cnnsandbox.backend.StdoutFilter;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv1DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

import cnnsandbox.backend.StdoutFilter;

/**
 * The gradient by automatic differentiation, as PyTorch computes it in the workshop: a SameDiff graph
 * {@code loss = dx * sum((conv(x, k) - y)^2)} with x a trainable variable (SameDiff does not differentiate with
 * respect to placeholders), the kernel and y constants. 1-D uses conv1d (NCW, explicit padding M/2); 2-D uses two
 * conv2d passes with 1 x M and M x 1 kernels, the same separable blur as {@link BlurOperator}. All in float64.
 */
final class SameDiffGradient implements LossGradient {
	private static final String X = "x";
	private static final String BLURRED = "blurred";
	private static final String LOSS = "loss";

	private final SameDiff sd;
	private final INDArray xArray;
	private final long[] shape;

	SameDiffGradient(BlurOperator blur, double[] y, double dx) {
		int w = blur.width();
		int h = blur.height();
		double[] taps = blur.taps();
		int m = taps.length;
		boolean oneD = w == 1 || h == 1;
		shape = oneD ? new long[] {1, 1, (long) w * h} : new long[] {1, 1, h, w};

		sd = SameDiff.create();
		xArray = Nd4j.zeros(DataType.DOUBLE, shape);
		SDVariable x = sd.var(X, xArray);
		SDVariable target = sd.constant("y", Nd4j.createFromArray(y).reshape(shape));
		SDVariable blurred;
		if (oneD) {
			// conv1d weights: [kW, iC, oC]
			SDVariable kernel = sd.constant("kernel", Nd4j.createFromArray(taps).reshape(m, 1, 1));
			blurred = sd.cnn().conv1d(x, kernel, Conv1DConfig.builder()
					.k(m).s(1).p(m / 2).d(1).dataFormat(Conv1DConfig.NCW).paddingMode(PaddingMode.VALID).build());
		} else {
			// conv2d weights YXIO: [kH, kW, iC, oC]
			SDVariable rowKernel = sd.constant("rowKernel", Nd4j.createFromArray(taps).reshape(1, m, 1, 1));
			SDVariable colKernel = sd.constant("colKernel", Nd4j.createFromArray(taps).reshape(m, 1, 1, 1));
			SDVariable rows = sd.cnn().conv2d(x, rowKernel, Conv2DConfig.builder()
					.kH(1).kW(m).sH(1).sW(1).pH(0).pW(m / 2).dH(1).dW(1).paddingMode(PaddingMode.VALID)
					.dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build());
			blurred = sd.cnn().conv2d(rows, colKernel, Conv2DConfig.builder()
					.kH(m).kW(1).sH(1).sW(1).pH(m / 2).pW(0).dH(1).dW(1).paddingMode(PaddingMode.VALID)
					.dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.YXIO).build());
		}
		blurred = blurred.rename(BLURRED);
		SDVariable diff = blurred.sub(target);
		SDVariable loss = diff.mul(diff).sum().mul(dx).rename(LOSS);
		sd.setLossVariables(loss);
		// built here, once, rather than inside the first evaluate: SameDiff prints a line per op on stdout as it builds it
		StdoutFilter.dropLines("Added differentiated op ", () -> sd.createGradFunction(X));
	}

	@Override
	public double evaluate(double[] x, double[] blurred, double[] gradient) {
		xArray.assign(Nd4j.createFromArray(x).reshape(shape));
		OutAndGrad result = sd.calculateGradientsAndOutputs(Collections.emptyMap(), List.of(BLURRED, LOSS), List.of(X));
		Map<String, INDArray> out = result.getOutputs();
		copy(out.get(BLURRED), blurred);
		copy(result.getGradients().get(X), gradient);
		return out.get(LOSS).getDouble(0);
	}

	private static void copy(INDArray a, double[] target) {
		double[] values = a.dup('c').data().asDouble();
		System.arraycopy(values, 0, target, 0, target.length);
	}
}
