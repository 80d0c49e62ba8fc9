package cnnsandbox.deblur;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class GaussianKernelTest {
	@Test
	void workshopKernelHas181SymmetricTapsSummingToOne() {
		double[] k = GaussianKernel.taps(30);
		assertEquals(181, k.length);
		assertEquals(181, GaussianKernel.size(30));
		double sum = 0;
		for (int i = 0; i < k.length; i++) {
			sum += k[i];
			assertEquals(k[i], k[k.length - 1 - i], 0);
		}
		assertEquals(1, sum, 1e-12);
		assertTrue(k[90] > k[89] && k[89] > k[0]);
		// scipy: w[0] / w[90] = exp(-0.5 * (90/30)^2)
		assertEquals(Math.exp(-4.5), k[0] / k[90], 1e-12);
	}

	@Test
	void sizeFollowsScipyFormula() {
		assertEquals(13, GaussianKernel.size(2));   // 2*floor(6)+1
		assertEquals(19, GaussianKernel.size(3));
		assertEquals(1, GaussianKernel.size(0.1));  // 2*floor(0.3)+1
		assertEquals(5, GaussianKernel.size(0.7));  // 2*floor(2.1)+1
	}
}
