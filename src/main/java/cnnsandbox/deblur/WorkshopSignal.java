package cnnsandbox.deblur;

/**
 * The workshop's sharp 1-D test signal on t = linspace(0, 6, 601): 0, then 1 on (1, 2], (t-3)^2 on (2, 3],
 * sin(5.5 pi (t-3))^2 on (3, 4], 5-t on (4, 5], 0 after. Values are rounded to float32 like the workshop's
 * {@code torch.from_numpy(y).float()}.
 */
public final class WorkshopSignal {
	public static final int RESOLUTION = 100;
	public static final int LENGTH = 6 * RESOLUTION + 1;
	/** The workshop divides its loss by Resolution: the sample spacing. */
	public static final double DX = 1.0 / RESOLUTION;
	/** The workshop's blur: 0.3 * Resolution samples. */
	public static final double SIGMA = 0.3 * RESOLUTION;

	private WorkshopSignal() {
	}

	public static double[] create() {
		double step = 6.0 / (LENGTH - 1);
		double[] y = new double[LENGTH];
		for (int i = 0; i < LENGTH; i++) {
			double t = i == LENGTH - 1 ? 6.0 : i * step; // numpy.linspace: i * step, last point exact
			double v = 0;
			if (t > 1) {
				v = 1;
			}
			if (t > 2) {
				v = (t - 3) * (t - 3);
			}
			if (t > 3) {
				double s = Math.sin(5.5 * Math.PI * (t - 3));
				v = s * s;
			}
			if (t > 4) {
				v = 5 - t;
			}
			if (t > 5) {
				v = 0;
			}
			y[i] = (float) v;
		}
		return y;
	}
}
