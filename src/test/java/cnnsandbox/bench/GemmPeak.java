package cnnsandbox.bench;

import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import cnnsandbox.backend.Threads;
import cnnsandbox.model.LayerList;

/**
 * The machine's matrix-product peak, measured in the same run as the work it is set against: a float32 2000^3
 * product by numpy on the system BLAS (OpenBLAS here, through {@code torch_peer.py gemm}) on 1 thread and on every
 * core, and by ND4J's gemm on every core. The benchmarks print a network's achieved GFLOP/s as a share of the best
 * of these ({@link #percent}): how far from the machine's limit a figure is, not only how it stands to PyTorch.
 * <p>
 * FLOPs of a network ({@link #trainingFlops}, {@link #inferenceFlops}) count its products only (conv and dense, 2 per
 * multiply-add): a forward pass is every layer's product; training adds the weight gradient of every layer and the
 * input gradient of every layer but the first (which nothing below needs). The element-wise ops, pooling, the loss
 * and the update are left out, so the percentages are an upper bound on the useful work done.
 */
final class GemmPeak {

	static final int SIZE = 2000;
	final double numpyOne, numpyAll, nd4jAll;
	final int cores;

	private GemmPeak(double numpyOne, double numpyAll, double nd4jAll, int cores) {
		this.numpyOne = numpyOne;
		this.numpyAll = numpyAll;
		this.nd4jAll = nd4jAll;
		this.cores = cores;
	}

	/** Measures the three peaks (about 2 s); numpy's are NaN without the peer's Python. */
	static GemmPeak measure() {
		int cores = Threads.available();
		double one = numpy(1), all = numpy(cores);
		int before = Threads.setting();
		Threads.setSetting(0);
		Threads.use(cores);
		double nd4j = nd4j();
		Threads.setSetting(before);
		GemmPeak p = new GemmPeak(one, all, nd4j, cores);
		System.out.println(p);
		return p;
	}

	private static double numpy(int threads) {
		TorchPeer.Result r = TorchPeer.runWith(Map.of("OPENBLAS_NUM_THREADS", String.valueOf(threads)), "gemm",
			String.valueOf(SIZE));
		return r == null ? Double.NaN : r.number("gflops");
	}

	private static double nd4j() {
		INDArray a = Nd4j.rand(DataType.FLOAT, SIZE, SIZE), b = Nd4j.rand(DataType.FLOAT, SIZE, SIZE);
		INDArray c = Nd4j.create(DataType.FLOAT, SIZE, SIZE);
		Nd4j.gemm(a, b, c, false, false, 1.0, 0.0); // warm-up
		double best = Double.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			long t = System.nanoTime();
			Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
			best = Math.min(best, (System.nanoTime() - t) / 1e9);
		}
		return 2.0 * SIZE * SIZE * SIZE / best / 1e9;
	}

	/** The best peak on every core (GFLOP/s). */
	double best() {
		return Double.isNaN(numpyAll) ? nd4jAll : Math.max(numpyAll, nd4jAll);
	}

	/** e.g. {@code 52.1 GFLOP/s, 17 % of the GEMM peak}, for {@code flops} done in {@code seconds}. */
	String percent(double flops, double seconds) {
		double g = flops / seconds / 1e9;
		return String.format(Locale.ROOT, "%.1f GFLOP/s, %.0f %% of the %d-core GEMM peak", g, 100 * g / best(), cores);
	}

	/** FLOPs of the products of one training step per image (see the class comment). */
	static double trainingFlops(LayerList net) {
		double macs = 0;
		boolean first = true;
		for (int i = 0; i < net.size(); i++) {
			long m = net.multiplyAdds(i);
			if (m == 0)
				continue;
			macs += first ? 2 * m : 3 * m;
			first = false;
		}
		return 2 * macs;
	}

	/** FLOPs of the products of one forward pass per image. */
	static double inferenceFlops(LayerList net) {
		double macs = 0;
		for (int i = 0; i < net.size(); i++)
			macs += net.multiplyAdds(i);
		return 2 * macs;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "GEMM peak in this run (float32 %d^3): numpy/system BLAS %.0f GFLOP/s on 1 thread, "
			+ "%.0f on %d; ND4J gemm %.0f on %d", SIZE, numpyOne, numpyAll, cores, nd4jAll, cores);
	}
}
