package cnnsandbox.commands;

import java.util.List;

import cnnsandbox.options.Options;

/** Reads a class given by a user either as an index ("0") or as a name ("T-shirt/top", case-insensitive). */
public final class ClassChoice {

	private ClassChoice() {}

	public static int parse(String key, String value, List<String> classNames) {
		String v = value == null ? "" : value.trim();
		try {
			int index = Integer.parseInt(v);
			if (index >= 0 && index < classNames.size()) return index;
		}
		catch (NumberFormatException e) {
			for (int i = 0; i < classNames.size(); i++) {
				if (classNames.get(i).equalsIgnoreCase(v)) return i;
			}
		}
		throw Options.bad(key, "a class index 0-" + (classNames.size() - 1) + " or one of " + String.join(", ", classNames), value);
	}
}
