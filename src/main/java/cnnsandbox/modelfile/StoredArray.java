package cnnsandbox.modelfile;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import cnnsandbox.files.MemoryBudget;

/**
 * Reads one parameter array of a model file, written by {@code Nd4j.write}, without handing its header to ND4J:
 * {@code Nd4j.read} allocates native memory for whatever length the header declares before any check, so a crafted
 * header (2^33 floats) crashed the JVM. The layout (ND4J 1.0.0-M2.1 {@code BaseDataBuffer.write}): two buffers, each
 * {@code UTF allocation mode, long length, UTF data type, values}: the shape information (LONG, 2 rank + 4 values:
 * rank, shape, strides, extras, element-wise stride, order) and the data (FLOAT). Every field is checked against
 * the shape the architecture expects before anything is allocated; values are read into a Java array and checked
 * for NaN and infinity.
 */
final class StoredArray {

	private StoredArray() {}

	/**
	 * @param name the parameter, named in messages ("fc2_b")
	 * @param expected its shape as the architecture says
	 * @throws IOException with a message that names the parameter and what is wrong (the caller adds the file)
	 */
	static INDArray read(InputStream raw, String name, long[] expected) throws IOException {
		DataInputStream in = new DataInputStream(raw);
		try {
			long length = header(in, name, "shape", "LONG");
			if (length != 2L * expected.length + 4)
				throw new IOException("parameter " + name + " has " + length + " shape values, expected " + (2 * expected.length + 4)
					+ " (rank " + expected.length + ")");
			long[] info = new long[(int) length];
			for (int i = 0; i < info.length; i++) info[i] = in.readLong();
			long[] shape = Arrays.copyOfRange(info, 1, 1 + expected.length);
			if (info[0] != expected.length || !Arrays.equals(shape, expected))
				throw new IOException("parameter " + name + " has shape " + Arrays.toString(shape) + " (rank " + info[0] + "), expected "
					+ Arrays.toString(expected));
			char order = (char) info[info.length - 1];
			if (order != 'c' && order != 'f')
				throw new IOException("parameter " + name + " has an unknown element order " + info[info.length - 1]);
			long n = MemoryBudget.times(expected);
			long count = header(in, name, "data", "FLOAT");
			if (count != n)
				throw new IOException("parameter " + name + " declares " + count + " values, expected " + n + " for shape " + Arrays.toString(expected));
			MemoryBudget.require(MemoryBudget.times(n, 8), "parameter " + name + " " + Arrays.toString(expected));
			float[] values = new float[(int) n];
			for (int i = 0; i < values.length; i++) {
				float v = in.readFloat();
				if (!Float.isFinite(v)) throw new IOException("parameter " + name + " holds " + v + " at index " + i);
				values[i] = v;
			}
			return Nd4j.create(values, expected, order);
		}
		catch (EOFException e) {
			throw new IOException("parameter " + name + " is truncated", e);
		}
	}

	/** One buffer header; returns its declared length after checking the data type. */
	private static long header(DataInputStream in, String name, String part, String type) throws IOException {
		in.readUTF(); // allocation mode: any
		long length = in.readLong();
		String t = in.readUTF();
		if (!type.equals(t))
			throw new IOException("parameter " + name + " has " + part + " of type " + printable(t) + ", expected " + type);
		if (length < 0) throw new IOException("parameter " + name + " declares a negative " + part + " length " + length);
		return length;
	}

	private static String printable(String s) {
		String t = s.length() > 20 ? s.substring(0, 20) + "..." : s;
		return "'" + t.replaceAll("\\p{Cntrl}", "?") + "'";
	}
}
