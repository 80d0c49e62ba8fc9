package cnnsandbox.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import cnnsandbox.classify.InputFitter;
import cnnsandbox.deblur.GradientMode;
import cnnsandbox.deblur.InitialGuess;
import cnnsandbox.deblur.MetricKind;
import cnnsandbox.model.Architecture;
import cnnsandbox.training.Optimizer;
import cnnsandbox.visualize.AscentSettings;

class OptionsTest {

	private static String message(Runnable r) {
		return assertThrows(IllegalArgumentException.class, r::run).getMessage();
	}

	@Test
	void choicesMatchLabelOrNameIgnoringCase() {
		assertEquals(Optimizer.ADAM, Options.choice("optimizer", "adam", Optimizer.class));
		assertEquals(Optimizer.SGD, Options.choice("optimizer", " sgd ", Optimizer.class));
		assertEquals(MetricKind.PRECONDITIONED, Options.choice("metric", "preconditioned", MetricKind.class));
		assertEquals(InitialGuess.OBSERVED, Options.choice("start", "Observed", InitialGuess.class));
		assertEquals(GradientMode.AUTODIFF, Options.choice("gradient", "AutoDiff", GradientMode.class));
		assertEquals(Architecture.CNN, Options.choice("model", "cnn", Architecture.class));
		assertEquals(InputFitter.Invert.NO, Options.choice("invert", "No", InputFitter.Invert.class));
		assertEquals(AscentSettings.Regularizer.L2, Options.choice("regularizer", "l2", AscentSettings.Regularizer.class));
	}

	@Test
	void badChoicesNameTheKeyTheLabelsAndTheValue() {
		assertEquals("optimizer must be one of SGD, Adam; got 'rmsprop'", message(() -> Options.choice("optimizer", "rmsprop", Optimizer.class)));
		assertEquals("metric must be one of L2, Sobolev, Preconditioned; got 'H1'", message(() -> Options.choice("metric", "H1", MetricKind.class)));
		assertEquals("start must be one of zero, observed; got 'random'", message(() -> Options.choice("start", "random", InitialGuess.class)));
		assertEquals("regularizer must be one of auto, clamp, L2, none; got ''", message(() -> Options.choice("regularizer", "", AscentSettings.Regularizer.class)));
		assertEquals("gradient must be one of analytic, autodiff; got 'null'", message(() -> Options.choice("gradient", null, GradientMode.class)));
	}

	@Test
	void booleansAreTrueOrFalseOnly() {
		assertTrue(Options.bool("all_units", "TRUE"));
		assertEquals(false, Options.bool("all_units", "false"));
		assertEquals("all_units must be true or false; got 'maybe'", message(() -> Options.bool("all_units", "maybe")));
		assertEquals("all_units must be true or false; got '1'", message(() -> Options.bool("all_units", "1")));
	}

	@Test
	void numbersAreCheckedWithOneMessageFormat() {
		assertEquals(2.5, Options.positive("sigma", 2.5));
		assertEquals("sigma must be a finite number > 0; got 'Infinity'", message(() -> Options.positive("sigma", Double.POSITIVE_INFINITY)));
		assertEquals("weight_decay must be a finite number >= 0; got '-0.5'", message(() -> Options.nonNegative("weight_decay", -0.5)));
		assertEquals("momentum must be a number >= 0 and < 1; got 'NaN'", message(() -> Options.unitInterval("momentum", Double.NaN)));
		assertEquals("learning_rate must be a number > 0 and <= 10; got '11'", message(() -> Options.positiveAtMost("learning_rate", 11, 10)));
		assertEquals("top_k must be an integer from 1 to 3; got '4'", message(() -> Options.between("top_k", 4, 1, 3)));
		assertEquals("steps must be an integer >= 1; got '0'", message(() -> Options.atLeast("steps", 0, 1)));
	}

	@Test
	void numbersArePlainDecimalsOnly() {
		assertEquals(0.05, Options.number("learning_rate", "0.05"), 0);
		assertEquals(-1e-3, Options.number("learning_rate", " -1e-3 "), 0);
		assertEquals(0.5, Options.number("learning_rate", ".5"), 0);
		assertEquals(12, Options.integer("epochs", "12"));
		assertEquals(-3, Options.integer("seed", "-3"));
		for (String bad : new String[] { "0.05f", "0x1p-7", "+1", "\uff11", "0.5d", "1_000", "NaN", "Infinity", "", "1.5.2" }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.number("learning_rate", bad), bad);
			assertTrue(e.getMessage().startsWith("learning_rate must be a plain decimal number"), e.getMessage());
		}
		for (String bad : new String[] { "+1", "\uff11", "1.0", "1e3", "0x10", "99999999999999999999" })
			assertThrows(IllegalArgumentException.class, () -> Options.integer("epochs", bad), bad);
	}
}
