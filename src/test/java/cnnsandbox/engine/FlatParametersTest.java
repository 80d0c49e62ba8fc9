package cnnsandbox.engine;

import cnnsandbox.model.Architecture;
import cnnsandbox.model.LayerList;
import cnnsandbox.model.Network;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Parameters as views of one flat array: what the trainer's one-pass update relies on. */
class FlatParametersTest {

	@Test
	void viewsShareTheFlatArrayAndCopiesDoNot() {
		LayerList net = LayerList.of(LayerList.preset(Architecture.MLP, 100, 10), 28, 28, 10);
		Map<String, INDArray> init = Network.initParams(net, 1);
		FlatParameters p = FlatParameters.copyOf(init);
		assertEquals(784 * 100 + 100 + 100 * 10 + 10, p.flat.length());
		assertEquals(init.keySet(), p.views.keySet());
		for (String name : init.keySet()) {
			assertEquals(init.get(name), p.views.get(name), name);
			assertTrue(Ops.isContiguousC(p.views.get(name)), name);
		}
		// the last parameter is the flat array's tail: an update of the flat array is seen through the views
		p.flat.addi(1);
		assertEquals(init.get("fc2_b").add(1), p.views.get("fc2_b"));
		Map<String, INDArray> copies = p.copies();
		p.flat.assign(0);
		assertEquals(init.get("fc1_W").add(1), copies.get("fc1_W"), "copies are arrays of their own");
		assertEquals(0, copies.get("fc1_W").offset());
	}

	@Test
	void theEngineTakesViewsAndKeepsItsGradientsFlat() {
		LayerList net = LayerList.of(LayerList.preset(Architecture.CNN, 100, 10), 28, 28, 10);
		FlatParameters p = FlatParameters.copyOf(Network.initParams(net, 1));
		Engine e = new Engine(net, p.views);
		assertEquals(p.flat.length(), e.gradients.flat.length());
		assertEquals(p.views.keySet(), e.grad.keySet());
		// a transposed view is not contiguous in c order and is refused with the parameter's name
		Map<String, INDArray> bad = new java.util.LinkedHashMap<>(p.views);
		bad.put("fc1_W", p.views.get("fc1_W").transpose());
		IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new Engine(net, bad));
		assertTrue(ex.getMessage().contains("fc1_W"), ex.getMessage());
	}
}
