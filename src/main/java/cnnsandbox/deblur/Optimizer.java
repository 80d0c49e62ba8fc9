package cnnsandbox.deblur;

/** The descent rule, as in PyTorch: SGD with classical momentum, or Adam with its default betas. */
public enum Optimizer implements Choices.Labelled {
    SGD("SGD"), ADAM("Adam");

    private final String label;

    Optimizer(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** Case-insensitive; throws {@code IllegalArgumentException("optimizer must be one of SGD, Adam; got 'foo'")}. */
    public static Optimizer parse(String value) {
        return Choices.parse(Optimizer.class, "optimizer", value);
    }
}
