package cnnsandbox.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the .npy files {@link Npy} writes, as NumPy would: header checked, shape parsed. */
final class NpyReader {

	private NpyReader() {}

	/** Reads back what {@link Npy#float32} writes (tests and tools): the data, its shape in {@code shapeOut[0]}. */
	static float[] readFloat32(byte[] bytes, long[][] shapeOut) {
		ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		if ((b.get() & 0xff) != 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY"))
			throw new IllegalArgumentException("not a .npy file");
		b.position(8);
		int len = b.getShort() & 0xffff;
		String header = new String(bytes, 10, len, StandardCharsets.US_ASCII);
		if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False"))
			throw new IllegalArgumentException("not a little-endian float32 C-order array: " + header.trim());
		String dims = header.substring(header.indexOf("'shape': (") + 10, header.indexOf(')'));
		shapeOut[0] = Arrays.stream(dims.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
		float[] data = new float[(bytes.length - 10 - len) / 4];
		b.position(10 + len);
		b.asFloatBuffer().get(data);
		return data;
	}
}
