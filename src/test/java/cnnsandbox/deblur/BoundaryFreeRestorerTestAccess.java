package cnnsandbox.deblur;

/** The engine test's blurred noisy scene, for the command's tests. */
public final class BoundaryFreeRestorerTestAccess {
	private BoundaryFreeRestorerTestAccess() {
	}

	/** {observed, truth} of a size x size scene blurred by a Gaussian of sigma 2 plus Gaussian noise. */
	public static double[][] scene(int size, double noise) {
		return BoundaryFreeRestorerTest.scene(size, size, 1, Psf.gaussian(2, 0), noise, 7);
	}

	/** {observed, truth} of a w x h x d volume of beads blurred by a Gaussian of sigma 1.5 (x, y) and 3 (z). */
	public static double[][] volume(int w, int h, int d, double noise, long seed) {
		return BoundaryFreeRestorerTest.scene(w, h, d, Psf.gaussian(1.5, 3), noise, seed);
	}
}
