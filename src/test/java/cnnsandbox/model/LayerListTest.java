package cnnsandbox.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Layer lists: the syntax, the shapes layer by layer, the one-line refusals, the workshop presets. */
class LayerListTest {

	static String refusal(String layers, int size, int classes) {
		return assertThrows(IllegalArgumentException.class, () -> LayerList.parse(layers, size, size, classes)).getMessage();
	}

	@Test
	void shapesLayerByLayer() {
		LayerList net = LayerList.parse("[conv 32 3, relu, maxpool 2, conv 64 3, relu, maxpool 2, dropout 0.5, dense 128, relu, dense 10]",
			28, 28, 10);
		assertEquals(10, net.size());
		assertEquals("32 x 28 x 28", net.outputShape(0).toString());
		assertEquals("32 x 14 x 14", net.outputShape(2).toString());
		assertEquals("64 x 7 x 7", net.outputShape(6).toString());
		assertEquals("128 values", net.outputShape(7).toString());
		assertEquals(List.of("conv1", "relu", "maxpool", "conv2", "relu", "maxpool", "dropout", "fc1", "relu", "fc2"),
			List.of(net.name(0), net.name(1), net.name(2), net.name(3), net.name(4), net.name(5), net.name(6), net.name(7),
				net.name(8), net.name(9)));
		assertEquals(List.of("conv1", "conv2", "fc1", "fc2"), net.unitLayers());
		Map<String, long[]> p = net.paramShapes();
		assertEquals(List.of("conv1_W", "conv1_b", "conv2_W", "conv2_b", "fc1_W", "fc1_b", "fc2_W", "fc2_b"), List.copyOf(p.keySet()));
		assertArrayEquals(new long[] { 3, 3, 32, 64 }, p.get("conv2_W"));
		assertArrayEquals(new long[] { 64 * 7 * 7, 128 }, p.get("fc1_W"));
		assertEquals(64, net.units("conv2"));
		// odd kernels keep the size; pooling divides it
		LayerList small = LayerList.parse("conv 4 5, avgpool 2, tanh, conv 2 1, sigmoid, maxpool 4, dense 3", 8, 8, 3);
		assertEquals("2 x 1 x 1", small.outputShape(5).toString());
		assertArrayEquals(new long[] { 2, 3 }, small.paramShapes().get("fc1_W"));
	}

	@Test
	void largestProductIsTheCostliestConvOrDenseLayerPerImage() {
		assertEquals(784 * 100, LayerList.of(LayerList.preset(Architecture.MLP, 100, 10), 28, 28, 10).largestProduct());
		// the CNN's conv2: 14 x 14 outputs x 64 channels, each 32 x 3 x 3 multiply-adds
		assertEquals(14 * 14 * 64 * 32 * 9, LayerList.of(LayerList.preset(Architecture.CNN, 100, 10), 28, 28, 10).largestProduct());
		assertEquals(14 * 14 * 10, LayerList.parse("maxpool 2, dense 10", 28, 28, 10).largestProduct(), "pooling costs no product");
	}

	@Test
	void presetsAreTheWorkshopNetworks() {
		assertEquals("dense 100, relu, dense 10", LayerSpec.toText(LayerList.preset(Architecture.MLP, 100, 10)));
		assertEquals("conv 32 3, relu, maxpool 2, conv 64 3, relu, maxpool 2, dropout 0.5, dense 128, relu, dense 10",
			LayerSpec.toText(LayerList.preset(Architecture.CNN, 100, 10)));
		assertEquals("dense 7, relu, dense 4", LayerSpec.toText(LayerList.preset(Architecture.MLP, 7, 4)));
	}

	@Test
	void theReadmeExamplesAreValid() {
		assertEquals(4, LayerList.parse("conv 16 5, relu, maxpool 2, dense 10", 28, 28, 10).size());
		assertEquals("64 x 7 x 7", LayerList.parse("conv 32 3, relu, conv 32 3, relu, maxpool 2, conv 64 3, tanh, maxpool 2, "
			+ "dropout 0.25, dense 256, relu, dense 10", 28, 28, 10).outputShape(7).toString());
		assertEquals("1 x 14 x 14", LayerList.parse("avgpool 2, dense 64, sigmoid, dense 10", 28, 28, 10).outputShape(0).toString());
	}

	@Test
	void syntaxRoundTrips() {
		String text = "conv 16 5, relu, conv 8 4 stride 2 pad 1, maxpool 2, avgpool 1, globalavgpool, tanh, sigmoid, leakyrelu 0.2, dropout 0.25, "
			+ "dense 20, dense 10";
		assertEquals(text, LayerSpec.toText(LayerSpec.parseList("[ " + text.toUpperCase() + " ]")));
		assertEquals(text, LayerSpec.toText(LayerSpec.parseList(text.replace(", ", " ,  "))));
	}

	@Test
	void badListsAreRefusedWithOneLineNamingTheLayer() {
		assertEquals("layers: 'maxpool 3' (layer 3) needs a size divisible by 3, got 28 x 28",
			refusal("conv 16 5, relu, maxpool 3, dense 10", 28, 10));
		assertEquals("layers: unknown layer 'softmax' (layer 2); layers are conv C K [stride S] [pad P], maxpool S, avgpool S, globalavgpool, relu, tanh, sigmoid, leakyrelu A, "
			+ "dropout P, dense N", refusal("dense 10, softmax", 28, 10));
		assertEquals("layers: 'conv 32' (layer 1) must be written 'conv C K [stride S] [pad P]'", refusal("conv 32, dense 10", 28, 10));
		assertEquals("layers: 'conv 8 4' (layer 1) needs an odd kernel size (the zero padding K/2 then keeps the size), or its "
			+ "padding written ('pad P'), got 4", refusal("conv 8 4, dense 10", 28, 10));
		assertEquals("layers: 'conv 8 3 stride 2 stride 1' (layer 1) must be written 'conv C K [stride S] [pad P]', with a "
			+ "stride from 1 to K and a padding from 0 to K-1, each given once", refusal("conv 8 3 stride 2 stride 1, dense 10", 28, 10));
		assertEquals("layers: 'conv 8 5 stride 1 pad 0' (layer 2) needs an input of at least 5 pixels a side, got 4 x 4",
			refusal("maxpool 7, conv 8 5 pad 0, dense 10", 28, 10));
		assertEquals("layers: 'dropout 1' (layer 2) needs a drop probability >= 0 and < 1, got 1", refusal("dense 5, dropout 1, dense 10", 28, 10));
		assertEquals("layers: 'dense ten' (layer 1) must be written 'dense N' with whole numbers", refusal("dense ten", 28, 10));
		assertEquals("layers: 'relu 2' (layer 1) must be written 'relu' (no number)", refusal("relu 2, dense 10", 28, 10));
		assertEquals("layers: layer 2 is empty (two commas in a row?)", refusal("dense 5,, dense 10", 28, 10));
		assertTrue(refusal("dense 50, conv 8 3, dense 10", 28, 10).startsWith("layers: 'conv 8 3' (layer 2) needs an image"));
		assertEquals("layers: the list must end with 'dense 10' (one score per class, 10 classes; the log-softmax is implied), "
			+ "but it ends with 'relu' (layer 2)", refusal("dense 10, relu", 28, 10));
		assertTrue(refusal("conv 8 3, dense 4", 28, 10).contains("must end with 'dense 10'"));
		assertTrue(refusal("", 28, 10).startsWith("layers: the list is empty"));
		assertTrue(refusal("conv 4096 31, conv 4096 31, dense 10", 8, 10).contains("parameters; at most"));
	}

	@Test
	void layerNumbersArePlainDecimalsAndLongNamesAreCut() {
		for (String bad : new String[] { "dense 10, dropout 0.5d, dense 10", "dense +10", "dense \uff11\uff10", "dropout 0x1p-2, dense 10" }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerSpec.parseList(bad), bad);
			assertTrue(e.getMessage().startsWith("layers:"), e.getMessage());
		}
		String name = "x".repeat(120_000);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerSpec.parseList(name + ", dense 10"));
		assertTrue(e.getMessage().length() < 400 && e.getMessage().contains("unknown layer"), e.getMessage().length() + " characters");
	}
}
