package cnnsandbox.cli;

import ij.measure.ResultsTable;

/**
 * A ResultsTable as RFC 4180 CSV: fields holding a comma, a quote or a line break are quoted, quotes doubled; lines
 * end in LF, as ImageJ's own CSV and every other file we write (RFC 4180 names CRLF; CSV readers accept both in
 * practice). A text cell starting with {@code = + - @} gets a leading apostrophe so that a
 * spreadsheet shows it instead of evaluating it (class names come from model files, which anyone can write); numbers
 * keep their sign. Numbers are formatted as ImageJ formats them (the table's decimal places).
 */
final class CsvWriter {

	private CsvWriter() {}

	static String write(ResultsTable table) {
		StringBuilder s = new StringBuilder();
		String[] headings = table.getHeadings();
		for (int c = 0; c < headings.length; c++) s.append(c == 0 ? "" : ",").append(field(headings[c], true));
		s.append('\n');
		int[] columns = new int[headings.length];
		for (int c = 0; c < headings.length; c++) columns[c] = table.getColumnIndex(headings[c]);
		for (int row = 0; row < table.size(); row++) {
			for (int c = 0; c < headings.length; c++) {
				if (c > 0) s.append(',');
				if (columns[c] == ResultsTable.COLUMN_NOT_FOUND) {
					s.append(field(headings[c].equals("Label") ? table.getLabel(row) : "", true));
					continue;
				}
				String v = table.getStringValue(columns[c], row);
				boolean text = Double.isNaN(table.getValueAsDouble(columns[c], row)) && !"NaN".equals(v);
				s.append(field(v, text));
			}
			s.append('\n');
		}
		return s.toString();
	}

	/** One field, neutralised if it is text, quoted if needed. */
	static String field(String value, boolean text) {
		String v = value == null ? "" : value;
		if (text && !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) v = "'" + v;
		if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0)
			v = "\"" + v.replace("\"", "\"\"") + "\"";
		return v;
	}
}
