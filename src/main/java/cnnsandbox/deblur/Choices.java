package cnnsandbox.deblur;

/** Case-insensitive parsing of the option enums, with one error message format for all of them. */
final class Choices {
    private Choices() {
    }

    interface Labelled {
        String label();
    }

    static <E extends Enum<E> & Labelled> E parse(Class<E> type, String key, String value) {
        E[] all = type.getEnumConstants();
        if (value != null) {
            String v = value.trim();
            for (E e : all) {
                if (e.label().equalsIgnoreCase(v) || e.name().equalsIgnoreCase(v)) {
                    return e;
                }
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : all) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.label());
        }
        throw new IllegalArgumentException(key + " must be one of " + allowed + "; got '" + value + "'");
    }
}
