package cnnsandbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import ij.measure.ResultsTable;

/** RFC 4180 quoting, and formulas neutralised in text cells only. */
class CsvWriterTest {

	@Test
	void textIsQuotedAndNeutralisedNumbersAreNot() {
		ResultsTable t = new ResultsTable();
		t.showRowNumbers(false);
		t.incrementCounter();
		t.addValue("name, with comma", "=SUM(A1)");
		t.addValue("quote", "say \"hi\"");
		t.addValue("minus", -0.25);
		t.addValue("text minus", "-x");
		t.addValue("at", "@home");
		t.setDecimalPlaces(2, 2);
		assertEquals("\"name, with comma\",quote,minus,text minus,at\n"
			+ "'=SUM(A1),\"say \"\"hi\"\"\",-0.25,'-x,'@home\n", CsvWriter.write(t));
	}
}
