package cnnsandbox.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * NumPy's .npy format, version 1.0, for float32 C-order arrays: magic, version, a little-endian header length, a
 * Python-literal header padded with spaces to a multiple of 64 bytes and ended by a newline, then the data.
 */
public final class Npy {

	private Npy() {}

	public static byte[] float32(float[] data, long... shape) {
		long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
		if (n != data.length)
			throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
		String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
		String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? "," : "") + "), }";
		int unpadded = 10 + header.length() + 1;
		header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
		ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
		b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
		b.asFloatBuffer().put(data);
		return b.array();
	}
}
