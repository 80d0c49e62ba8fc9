package cnnsandbox.options;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one place where option values are parsed and checked, for every command and settings class, with one message
 * format: {@code KEY must be EXPECTED; got 'VALUE'}. Engine-neutral: no ImageJ, no SciJava.
 * <p>
 * Enum-like keys are enums implementing {@link Choice}; their labels are what users type and what the dialogs show
 * (matched ignoring case). Numbers are checked with the helpers below, each naming the key.
 */
public final class Options {

	private Options() {}

	/** A value of an enum-like option: {@link #label()} is how users spell it ("SGD", "Preconditioned", "zero"). */
	public interface Choice {
		String label();
	}

	// -- Choices and booleans --

	/** The constant of {@code type} whose label or name is {@code value}, ignoring case and surrounding blanks. */
	public static <E extends Enum<E> & Choice> E choice(String key, String value, Class<E> type) {
		String v = value == null ? "" : value.trim();
		for (E e : type.getEnumConstants()) {
			if (e.label().equalsIgnoreCase(v) || e.name().equalsIgnoreCase(v)) return e;
		}
		throw bad(key, "one of " + labels(type), value);
	}

	/** The labels of {@code type}, comma-separated, in declaration order ("SGD, Adam"). */
	public static <E extends Enum<E> & Choice> String labels(Class<E> type) {
		return Arrays.stream(type.getEnumConstants()).map(Choice::label).collect(Collectors.joining(", "));
	}

	/** "true" or "false", ignoring case; anything else (an ImageJ macro sets a present key to "true") is refused. */
	public static boolean bool(String key, String value) {
		String v = value == null ? "" : value.trim();
		if (v.equalsIgnoreCase("true")) return true;
		if (v.equalsIgnoreCase("false")) return false;
		throw bad(key, "true or false", value);
	}

	// -- Numbers --

	/** Plain decimal numbers in ASCII: Java's parsers also took 0.05f, 0x1p-7, +1, 0.5d and full-width digits. */
	private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?"),
		INTEGER = java.util.regex.Pattern.compile("-?\\d{1,18}");

	/** {@code text} as a plain decimal number (-1.5, .5, 2e-3), blanks around it ignored. */
	public static double number(String key, String text) {
		String t = text == null ? "" : text.trim();
		if (!DECIMAL.matcher(t).matches()) throw bad(key, "a plain decimal number such as 0.05 or 1e-3", text);
		return Double.parseDouble(t);
	}

	/** {@code text} as a whole number in plain decimal digits, blanks around it ignored. */
	public static long integer(String key, String text) {
		String t = text == null ? "" : text.trim();
		if (!INTEGER.matcher(t).matches()) throw bad(key, "a whole number such as 10", text);
		return Long.parseLong(t);
	}

	/** A finite number > 0. */
	public static double positive(String key, double value) {
		if (!(value > 0) || Double.isInfinite(value)) throw bad(key, "a finite number > 0", value);
		return value;
	}

	/** A finite number >= 0. */
	public static double nonNegative(String key, double value) {
		if (!(value >= 0) || Double.isInfinite(value)) throw bad(key, "a finite number >= 0", value);
		return value;
	}

	/** A number in [0, 1), such as a momentum. */
	public static double unitInterval(String key, double value) {
		if (!(value >= 0 && value < 1)) throw bad(key, "a number >= 0 and < 1", value);
		return value;
	}

	/** A number in (0, max]. */
	public static double positiveAtMost(String key, double value, double max) {
		if (!(value > 0 && value <= max)) throw bad(key, "a number > 0 and <= " + format(max), value);
		return value;
	}

	/** An integer in [min, max]. */
	public static long between(String key, long value, long min, long max) {
		if (value < min || value > max) {
			throw bad(key, max == Long.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max, value);
		}
		return value;
	}

	/** An integer >= min. */
	public static long atLeast(String key, long value, long min) {
		return between(key, value, min, Long.MAX_VALUE);
	}

	// -- Messages --

	/** {@code KEY must be EXPECTED; got 'VALUE'}: the one format of a refused option. */
	public static IllegalArgumentException bad(String key, String expected, Object value) {
		return new IllegalArgumentException(key + " must be " + expected + "; got '" + display(value) + "'");
	}

	private static String display(Object value) {
		if (value instanceof Double) return format((Double) value);
		return String.valueOf(value);
	}

	/** 30.0 -> "30", 0.5 -> "0.5", NaN -> "NaN". */
	private static String format(double v) {
		return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}
}
