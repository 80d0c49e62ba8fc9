package cnnsandbox.deblur;

/** The initial guess x0: zeros (the workshop) or the observed blurred image itself. */
public enum Start implements Choices.Labelled {
    ZERO("zero"), OBSERVED("observed");

    private final String label;

    Start(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static Start parse(String value) {
        return Choices.parse(Start.class, "start", value);
    }
}
