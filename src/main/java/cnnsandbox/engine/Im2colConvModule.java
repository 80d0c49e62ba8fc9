package cnnsandbox.engine;


import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A conv layer on the one-channel input as im2col x gemm: the transpose of cols [K*K+1, n*h*w] (one row per kernel
 * position, then a row of ones) times [K*K+1, C] (weights, then the bias as the last row); output channels-last
 * [n*h*w, C]. The im2col is kept as rows because it is built a run of pixels at a time (Ops.im2colRows); the
 * products are as fast either way (forward 1.5-2.0 ms, weight gradient 1.6-1.8 ms against 1.8-2.7 ms, measured at 250
 * images on 2 threads).
 */
public final class Im2colConvModule extends Module implements Module.Unit {
	final String name;
	final int k, c, cols;
	final INDArray wb, gwb;
	final Shape outShape;
	private final Map<String, INDArray> w, grad;
	/** the input image's size */
	private final int imageRows, imageCols, pixels;

	public Im2colConvModule(String name, int channels, int kernel, Shape out, int imageRows, int imageCols, Map<String, INDArray> w,
		Map<String, INDArray> grad) {
		this.imageRows = imageRows;
		this.imageCols = imageCols;
		this.pixels = imageRows * imageCols;
		this.w = w;
		this.grad = grad;
		this.name = name;
		this.k = kernel;
		this.c = channels;
		this.cols = k * k + 1;
		this.outShape = out;
		wb = Nd4j.create(DataType.FLOAT, cols, c);
		gwb = Nd4j.create(DataType.FLOAT, cols, c);
	}

	@Override
	INDArray allocateOutput(int n, INDArray input) {
		return Nd4j.create(DataType.FLOAT, (long) n * pixels, c);
	}

	@Override
	void forward(int n, INDArray in, INDArray out, INDArray mask) {
		wb.get(NDArrayIndex.interval(0, cols - 1), NDArrayIndex.all()).assign(w.get(name + "_W").reshape('c', cols - 1, c));
		wb.getRow(cols - 1).assign(w.get(name + "_b"));
		Ops.gemm(in, wb, out, true, false);
	}

	@Override
	void backward(int n, INDArray in, INDArray out, INDArray dOut, INDArray dIn, INDArray mask, boolean params) {
		if (params) {
			Ops.gemm(in, dOut, gwb, false, false);
			grad.get(name + "_W").reshape('c', cols - 1, c).assign(gwb.get(NDArrayIndex.interval(0, cols - 1), NDArrayIndex.all()));
			grad.get(name + "_b").assign(gwb.getRow(cols - 1));
		}
		if (dIn != null) {
			INDArray dcols = Ops.gemm(dOut, wb, null, false, true);
			float[] colv = new float[(int) dcols.length()];
			Ops.get(dcols, colv);
			float[] img = new float[n * pixels];
			for (int i = 0; i < n; i++)
				Ops.col2im(colv, i * pixels * cols, imageRows, imageCols, k, img, i * pixels);
			Ops.put(dIn, img);
		}
	}

	/** The output as [n, h, w, C]. */
	INDArray nhwc(INDArray out) {
		return out.reshape('c', out.size(0) / pixels, imageRows, imageCols, c);
	}

	@Override
	public double unitValue(INDArray out, int u) {
		return out.get(NDArrayIndex.interval(0, pixels), NDArrayIndex.point(u)).meanNumber().doubleValue();
	}

	@Override
	public void seedUnit(INDArray dOut, int u) {
		dOut.assign(0);
		dOut.get(NDArrayIndex.interval(0, pixels), NDArrayIndex.point(u)).assign(1.0 / pixels);
	}
}
