package cnnsandbox.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The grammar of list-valued keys ({@code layers}, {@code augment}, {@code schedule}): items separated by commas,
 * optionally in brackets (as a macro writes a value with spaces), each item a word and its numbers separated by
 * blanks, in any case: {@code [conv 32 3, relu]}, {@code [shift 2, flip_h]}, {@code step 5 0.1}. One splitter, so
 * every list key reads and refuses the same way; what the words mean is the key's own (LayerKind, AugmentKind...).
 */
public final class WordList {

	private WordList() {}

	/**
	 * The trimmed items of {@code text}; none for an empty text or {@code []}.
	 *
	 * @throws IllegalArgumentException {@code KEY: ITEM i is empty (two commas in a row?)}
	 */
	public static List<String> items(String key, String itemName, String text) {
		String t = text == null ? "" : text.trim();
		if (t.startsWith("[") && t.endsWith("]"))
			t = t.substring(1, t.length() - 1).trim();
		List<String> items = new ArrayList<>();
		if (t.isEmpty())
			return items;
		String[] parts = t.split(",", -1);
		for (int i = 0; i < parts.length; i++) {
			String item = parts[i].trim();
			if (item.isEmpty())
				throw new IllegalArgumentException(key + ": " + itemName + " " + (i + 1) + " is empty (two commas in a row?)");
			items.add(item);
		}
		return items;
	}

	/** The item's words in lower case: the kind's word first, then its numbers. */
	public static String[] words(String item) {
		return item.trim().toLowerCase(Locale.ROOT).split("\\s+");
	}

	/** How messages name an item: {@code 'shift 2' (step 1)}, cut at 60 characters (a 120 KB unknown name was echoed whole). */
	public static String where(String item, String itemName, int index) {
		return "'" + (item.length() > 60 ? item.substring(0, 60) + "..." : item) + "' (" + itemName + " " + index + ")";
	}
}
