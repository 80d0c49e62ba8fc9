package cnnsandbox.deblur;

/**
 * Parameters of a deblurring run. The defaults reproduce the workshop (sigma 30 samples, 30001 iterations of SGD
 * with learning rate 1 and momentum 0.5 from x = 0, L2 metric, loss logged every 2500 iterations), except
 * {@code dx}: the workshop divides the loss by its resolution 100 (dx = 0.01); images use dx = 1.
 * Field names follow the macro keys reported by {@link #validate()}.
 */
public final class DeblurSettings {
    /** Default Tikhonov term of the preconditioned metric, tuned on the workshop signal (see the tests). */
    public static final double DEFAULT_EPSILON = 1e-5;

    public double sigma = 30;
    public int iterations = 30001;
    public Optimizer optimizer = Optimizer.SGD;
    public double learningRate = 1;
    /** SGD momentum (PyTorch's classical momentum); Adam uses its default betas and ignores it. */
    public double momentum = 0.5;
    public MetricKind metric = MetricKind.L2;
    public double epsilon = DEFAULT_EPSILON;
    public int logEvery = 2500;
    public Start start = Start.ZERO;
    public double dx = 1;
    public GradientMode gradient = GradientMode.ANALYTIC;

    /** The workshop's settings (as the defaults, with its dx = 1/Resolution = 0.01). */
    public static DeblurSettings workshop() {
        DeblurSettings s = new DeblurSettings();
        s.dx = 0.01;
        return s;
    }

    public DeblurSettings copy() {
        DeblurSettings s = new DeblurSettings();
        s.sigma = sigma;
        s.iterations = iterations;
        s.optimizer = optimizer;
        s.learningRate = learningRate;
        s.momentum = momentum;
        s.metric = metric;
        s.epsilon = epsilon;
        s.logEvery = logEvery;
        s.start = start;
        s.dx = dx;
        s.gradient = gradient;
        return s;
    }

    /** Throws IllegalArgumentException naming the macro key, the bad value and what is allowed. */
    public void validate() {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw bad("sigma", "a finite number > 0", sigma);
        }
        GaussianKernel.size(sigma); // rejects absurdly wide kernels
        if (iterations < 1) {
            throw bad("iterations", "an integer >= 1", iterations);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must be one of SGD, Adam; got null");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw bad("learning_rate", "a finite number > 0", learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw bad("momentum", "a number in [0, 1)", momentum);
        }
        if (metric == null) {
            throw new IllegalArgumentException("metric must be one of L2, Sobolev, Preconditioned; got null");
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw bad("epsilon", "a finite number > 0", epsilon);
        }
        if (logEvery < 1) {
            throw bad("log_every", "an integer >= 1", logEvery);
        }
        if (start == null) {
            throw new IllegalArgumentException("start must be one of zero, observed; got null");
        }
        if (!(dx > 0) || Double.isInfinite(dx)) {
            throw bad("dx", "a finite number > 0", dx);
        }
        if (gradient == null) {
            throw new IllegalArgumentException("gradient must be one of analytic, autodiff; got null");
        }
    }

    private static IllegalArgumentException bad(String key, String allowed, Object value) {
        return new IllegalArgumentException(key + " must be " + allowed + ", got " + value);
    }

    @Override
    public String toString() {
        return "sigma=" + sigma + " iterations=" + iterations + " optimizer=" + optimizer.label()
                + " learning_rate=" + learningRate + " momentum=" + momentum + " metric=" + metric.label()
                + " epsilon=" + epsilon + " log_every=" + logEvery + " start=" + start.label() + " dx=" + dx
                + " gradient=" + gradient.label();
    }
}
