package cnnsandbox.data;

import java.util.List;

/**
 * The one rule for class names: what a model file may hold, checked by its loader and before training (a model that
 * saves must load).
 */
public final class ClassNames {

	private ClassNames() {}

	/**
	 * What is wrong with {@code names} as the class names of a model, or null: the one rule of saving and loading
	 * (a model that saves must load). Exactly one per output of the network, 2 to 256, distinct, 1 to 100 characters
	 * not all blank and without control characters (a newline in a name would break the CSV and the table windows).
	 */
	public static String problem(List<String> names) {
		if (names.size() < 2 || names.size() > 256)
			return "it has " + names.size() + " class names, expected 2 to 256 (one per output of the network)";
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name.isBlank() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl))
				return "class name " + i + " ('" + printable(name) + "') must be 1 to 100 printable characters, not all blank, "
					+ "without line breaks or tabs";
			if (names.indexOf(name) != i)
				return "class name '" + name + "' appears twice";
		}
		return null;
	}

	/** A name for a message: control characters escaped, cut at 40 characters. */
	private static String printable(String name) {
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < name.length() && b.length() < 40; i++) {
			char c = name.charAt(i);
			if (c == '\n') b.append("\\n");
			else if (c == '\t') b.append("\\t");
			else if (Character.isISOControl(c)) b.append(String.format("\\u%04x", (int) c));
			else b.append(c);
		}
		return b.length() < name.length() ? b + "..." : b.toString();
	}
}
