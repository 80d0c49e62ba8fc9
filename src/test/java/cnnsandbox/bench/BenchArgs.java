package cnnsandbox.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A benchmark's {@code key=value} arguments: anything else, or a key the benchmark does not take, is refused. */
final class BenchArgs {
	private final Map<String, String> values = new HashMap<>();

	BenchArgs(String[] args, String... keys) {
		List<String> known = List.of(keys);
		for (String a : args) {
			String[] kv = a.split("=", 2);
			if (kv.length != 2)
				throw new IllegalArgumentException("expected key=value, got " + a);
			if (!known.contains(kv[0]))
				throw new IllegalArgumentException("unknown key " + kv[0] + "; the keys: " + String.join(", ", keys));
			values.put(kv[0], kv[1]);
		}
	}

	String text(String key, String byDefault) {
		return values.getOrDefault(key, byDefault);
	}

	int integer(String key, int byDefault) {
		return values.containsKey(key) ? Integer.parseInt(values.get(key).trim()) : byDefault;
	}

	double number(String key, double byDefault) {
		return values.containsKey(key) ? Double.parseDouble(values.get(key).trim()) : byDefault;
	}

	/** yes/true or no/false. */
	boolean yes(String key, boolean byDefault) {
		String v = values.get(key);
		return v == null ? byDefault : v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true");
	}
}
