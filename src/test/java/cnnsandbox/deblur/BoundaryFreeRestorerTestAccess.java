package cnnsandbox.deblur;

/** The engine test's blurred noisy scene, for the command's tests. */
public final class BoundaryFreeRestorerTestAccess {
	private BoundaryFreeRestorerTestAccess() {
	}

	/** {observed, truth} of a size x size scene blurred by a Gaussian of sigma 2 plus Gaussian noise. */
	public static double[][] scene(int size, double noise) {
		return BoundaryFreeRestorerTest.scene(size, size, 1, Psf.gaussian(2, 0), noise, 7);
	}
}
