package cnnsandbox.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import cnnsandbox.hosting.CommandRunner;
import ij.ImagePlus;
import ij.Macro;
import ij.process.ByteProcessor;

/** Output titles: from the dialog they name the input or the model; a macro gets the plain names it selects by. */
class OutputTitlesTest {

	@Test
	void aDialogRunNamesItsInputOrModelAndAMacroRunKeepsThePlainNames() {
		try (Context context = new Context()) {
			Module filters = context.service(ModuleService.class).createModule(new CommandRunner(context).find("Show Filters"));
			filters.setInput("model_file", new File("/tmp/shoes.cnnsandbox.zip"));
			assertEquals("Filters (shoes)", OutputTitles.of("Filters", filters, null));
			assertEquals("Class Probabilities (boot.tif)", OutputTitles.of("Class Probabilities", filters,
				new ImagePlus("boot.tif", new ByteProcessor(4, 4))));
			Thread.currentThread().setName("Run$_test"); // as ImageJ names a macro's thread
			Macro.setOptions("model_file=/tmp/shoes.cnnsandbox.zip");
			try {
				assertEquals("Filters", OutputTitles.of("Filters", filters, null));
			}
			finally {
				Macro.setOptions(null);
			}
		}
	}
}
