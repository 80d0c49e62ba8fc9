package cnnsandbox.commands;

import java.util.HashMap;
import java.util.Map;

/**
 * Long descriptions (the ~500-character backend line, where a model was trained) said in full once per process and
 * then only when they change: a batch macro over 51 images printed the same backend line 51 times.
 */
final class OnceLines {

	private static final Map<String, String> LAST = new HashMap<>();

	private OnceLines() {}

	/** {@code text} the first time and whenever it differs from the last text of this {@code kind}; else "the same {kind} as before". */
	static synchronized String say(String kind, String text) {
		if (text.equals(LAST.put(kind, text))) return "the same " + kind + " as before";
		return text;
	}

	/** The backend line (ND4J binary, threads, memory limits), once. */
	static String backend(String description) {
		return say("backend", description);
	}
}
