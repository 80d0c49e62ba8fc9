package cnnsandbox.hosting;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses an ImageJ macro option string ({@code sigma=30 metric=Preconditioned data_dir=[/my data]}) into an ordered
 * map, the way {@code run("Command", "...")} spells inputs. A bare word (no {@code =}) is a boolean set to true; a
 * key given twice is refused.
 */
public final class MacroOptions {

	private MacroOptions() {}

	public static Map<String, String> parse(String options) {
		Map<String, String> map = new LinkedHashMap<>();
		String s = options == null ? "" : options.trim();
		int i = 0;
		while (i < s.length()) {
			while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
			if (i >= s.length()) break;
			int keyStart = i;
			while (i < s.length() && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i))) i++;
			String key = s.substring(keyStart, i);
			if (i >= s.length() || s.charAt(i) != '=') {
				put(map, key, "true");
				continue;
			}
			i++; // '='
			String value;
			if (i < s.length() && s.charAt(i) == '[') {
				int end = s.indexOf(']', i);
				if (end < 0) throw new IllegalArgumentException("unclosed '[' in the value of '" + key + "'");
				value = s.substring(i + 1, end);
				i = end + 1;
			}
			else {
				int start = i;
				while (i < s.length() && !Character.isWhitespace(s.charAt(i))) i++;
				value = s.substring(start, i);
			}
			put(map, key, value);
		}
		return map;
	}

	/** A key given twice is refused: ImageJ's Macro.getValue takes the first, a map the last; neither is safe. */
	private static void put(Map<String, String> map, String key, String value) {
		String earlier = map.putIfAbsent(key, value);
		if (earlier != null)
			throw new IllegalArgumentException("key '" + key + "' is given twice ('" + earlier + "' and '" + value + "'): give it once");
	}
}
