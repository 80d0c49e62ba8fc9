package cnnsandbox.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import cnnsandbox.backend.Threads;
import cnnsandbox.data.LabeledImages;
import cnnsandbox.options.Options;
import cnnsandbox.options.WordList;

/**
 * On-the-fly augmentation of training images: a list of steps ({@code [flip_h, shift 2, rotate 10, noise 0.05,
 * brightness 0.1]}) applied in order to each image of a batch as it is loaded, drawn afresh per image and per epoch
 * from the seed, the epoch and the image's index (so the same run gives the same images whatever the batch size),
 * into a batch-sized buffer: the dataset is never copied. Evaluation and Classify Image see the images as they are.
 * <p>
 * An image is {@code channels} planes of rows x cols; a geometric step (flip, shift, rotate) draws one transform per
 * image and applies it to every plane, so the channels stay aligned. Pixels outside the image after a shift or a
 * rotation are 0 (the background of Fashion-MNIST, torchvision's default fill); noise and brightness keep values in
 * [0, 1], the range of the data (torchvision's ColorJitter clamps too).
 */
public final class Augmentation {

	/** The steps a list may hold: word, syntax (for messages and docs) and the allowed range of its number. */
	public enum Kind {
		FLIP_H("flip_h", "flip_h", 0, 0),
		FLIP_V("flip_v", "flip_v", 0, 0),
		SHIFT("shift", "shift N", 1, 1024),
		ROTATE("rotate", "rotate D", 0, 180),
		NOISE("noise", "noise S", 0, 1),
		BRIGHTNESS("brightness", "brightness B", 0, 1);

		public final String word, syntax;
		/** The number's range: (min, max] for the decimal ones, [min, max] for shift's whole number of pixels. */
		final double min, max;

		Kind(String word, String syntax, double min, double max) {
			this.word = word;
			this.syntax = syntax;
			this.min = min;
			this.max = max;
		}

		boolean hasNumber() {
			return syntax.indexOf(' ') > 0;
		}

		/** What the step does, for the docs and messages. */
		String range() {
			return this == SHIFT ? "a whole number of pixels from 1 to 1024" : "a number > " + fmt(min) + " and <= " + fmt(max);
		}
	}

	/** One step and its number (0 for the flips). */
	public static final class Step {
		public final Kind kind;
		public final double amount;

		Step(Kind kind, double amount) {
			this.kind = kind;
			this.amount = amount;
		}

		@Override
		public String toString() {
			return kind.hasNumber() ? kind.word + " " + fmt(amount) : kind.word;
		}
	}

	/** No augmentation: the default, today's training. */
	public static final Augmentation NONE = new Augmentation(List.of());

	public final List<Step> steps;

	private Augmentation(List<Step> steps) {
		this.steps = List.copyOf(steps);
	}

	/**
	 * {@code [flip_h, shift 2]}; empty, {@code []} or {@code none} is {@link #NONE}.
	 *
	 * @throws IllegalArgumentException one line starting with {@code augment:}, naming the step and its position
	 */
	public static Augmentation parse(String text) {
		if (text != null && text.trim().equalsIgnoreCase("none"))
			return NONE;
		List<String> items = WordList.items("augment", "step", text);
		List<Step> steps = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			String item = items.get(i), where = WordList.where(item, "step", i + 1);
			String[] w = WordList.words(item);
			Kind kind = null;
			for (Kind k : Kind.values())
				if (k.word.equals(w[0]))
					kind = k;
			if (kind == null)
				throw new IllegalArgumentException("augment: unknown step " + where + "; steps are " + syntaxes());
			if (w.length != (kind.hasNumber() ? 2 : 1))
				throw new IllegalArgumentException("augment: " + where + " must be written '" + kind.syntax + "'");
			double v = 0;
			if (kind.hasNumber()) {
				boolean ok;
				try {
					v = kind == Kind.SHIFT ? Options.integer("augment", w[1]) : Options.number("augment", w[1]);
					ok = kind == Kind.SHIFT ? v >= kind.min && v <= kind.max : v > kind.min && v <= kind.max;
				}
				catch (IllegalArgumentException e) {
					ok = false;
				}
				if (!ok)
					throw new IllegalArgumentException("augment: " + where + " needs " + kind.range() + " ('" + kind.syntax + "')");
			}
			steps.add(new Step(kind, v));
		}
		return steps.isEmpty() ? NONE : new Augmentation(steps);
	}

	/** The syntax of every step: {@code flip_h, flip_v, shift N, ...}. */
	public static String syntaxes() {
		StringBuilder sb = new StringBuilder();
		for (Kind k : Kind.values())
			sb.append(sb.length() == 0 ? "" : ", ").append(k.syntax);
		return sb.toString();
	}

	public boolean isNone() {
		return steps.isEmpty();
	}

	/** As written in a macro: {@code [flip_h, shift 2]}, or {@code none}. */
	@Override
	public String toString() {
		if (steps.isEmpty())
			return "none";
		StringBuilder sb = new StringBuilder("[");
		for (Step s : steps)
			sb.append(sb.length() == 1 ? "" : ", ").append(s);
		return sb.append(']').toString();
	}

	/** {@link #batch(float[], int[], int, int, int, long, int, float[])} of {@code images}, whatever their channels. */
	public float[] batch(LabeledImages images, int[] idx, long seed, int epoch, float[] out) {
		return batch(images.pixels, idx, images.channels, images.rows, images.cols, seed, epoch, out);
	}

	/**
	 * The images {@code idx} of {@code pixels} (each {@code channels} planes of rows x cols), augmented for
	 * {@code epoch} of a run seeded {@code seed}, one after the other into {@code out} (grown if too short); returns
	 * out.
	 */
	public float[] batch(float[] pixels, int[] idx, int channels, int rows, int cols, long seed, int epoch, float[] out) {
		int size = channels * rows * cols;
		float[] dst = out != null && out.length >= idx.length * size ? out : new float[idx.length * size];
		// on all threads, as the batch's im2col (each image draws from its own generator: the same result on any count)
		Threads.parallelFor(idx.length, 16, (from, to) -> {
			float[] a = new float[size], b = new float[size];
			for (int k = from; k < to; k++) {
				System.arraycopy(pixels, idx[k] * size, a, 0, size);
				Random rng = new Random(mix(seed, epoch, idx[k]));
				for (Step s : steps) {
					if (apply(s, a, b, channels, rows, cols, rng)) {
						float[] t = a;
						a = b;
						b = t;
					}
				}
				System.arraycopy(a, 0, dst, k * size, size);
			}
			return 0;
		});
		return dst;
	}

	/** One image's generator: splitmix64 of seed, epoch and index, so neighbouring images draw unrelated values. */
	static long mix(long seed, int epoch, int index) {
		long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL + 0x632BE59BD9B4E5DL;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** Applies s to the image in {@code a}; true if the result is in {@code b} (a geometric step), false if in place. */
	static boolean apply(Step s, float[] a, float[] b, int channels, int rows, int cols, Random rng) {
		int plane = rows * cols;
		switch (s.kind) {
			case FLIP_H:
			case FLIP_V:
				if (!rng.nextBoolean())
					return false;
				boolean h = s.kind == Kind.FLIP_H;
				for (int c = 0; c < channels; c++)
					for (int y = 0; y < rows; y++)
						for (int x = 0; x < cols; x++)
							b[c * plane + y * cols + x] = a[c * plane + (h ? y : rows - 1 - y) * cols + (h ? cols - 1 - x : x)];
				return true;
			case SHIFT: {
				int n = (int) s.amount, dx = rng.nextInt(2 * n + 1) - n, dy = rng.nextInt(2 * n + 1) - n;
				for (int c = 0; c < channels; c++)
					for (int y = 0; y < rows; y++)
						for (int x = 0; x < cols; x++) {
							int sy = y - dy, sx = x - dx;
							b[c * plane + y * cols + x] = sy < 0 || sy >= rows || sx < 0 || sx >= cols ? 0 : a[c * plane + sy * cols + sx];
						}
				return true;
			}
			case ROTATE: {
				double angle = Math.toRadians((2 * rng.nextDouble() - 1) * s.amount), cos = Math.cos(angle), sin = Math.sin(angle);
				double cy = (rows - 1) / 2.0, cx = (cols - 1) / 2.0;
				for (int y = 0; y < rows; y++)
					for (int x = 0; x < cols; x++) {
						// the source of (x, y): the inverse rotation about the centre, sampled bilinearly
						double sx = cx + cos * (x - cx) + sin * (y - cy), sy = cy - sin * (x - cx) + cos * (y - cy);
						int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
						double fx = sx - x0, fy = sy - y0;
						for (int c = 0; c < channels; c++) {
							int o = c * plane;
							double v = (1 - fy) * ((1 - fx) * at(a, o, x0, y0, rows, cols) + fx * at(a, o, x0 + 1, y0, rows, cols))
								+ fy * ((1 - fx) * at(a, o, x0, y0 + 1, rows, cols) + fx * at(a, o, x0 + 1, y0 + 1, rows, cols));
							b[o + y * cols + x] = (float) v;
						}
					}
				return true;
			}
			case NOISE:
				for (int i = 0; i < channels * plane; i++)
					a[i] = clamp(a[i] + (float) (s.amount * rng.nextGaussian()));
				return false;
			case BRIGHTNESS: {
				float f = (float) (1 + (2 * rng.nextDouble() - 1) * s.amount);
				for (int i = 0; i < channels * plane; i++)
					a[i] = clamp(a[i] * f);
				return false;
			}
			default:
				throw new IllegalStateException(s.kind.toString());
		}
	}

	private static float at(float[] a, int offset, int x, int y, int rows, int cols) {
		return x < 0 || x >= cols || y < 0 || y >= rows ? 0 : a[offset + y * cols + x];
	}

	private static float clamp(float v) {
		return v < 0 ? 0 : v > 1 ? 1 : v;
	}

	private static String fmt(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}
}
