package cnnsandbox.engine;

/** How a module's output is laid out in memory. */
public enum Layout {
	/** [n, c, h, w] */
	NCHW,
	/** [n, h, w, c] */
	NHWC,
	/** [n, features] */
	FLAT
}
