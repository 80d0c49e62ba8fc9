package cnnsandbox.export;

import java.util.Locale;

/** The formats a model can leave the sandbox in. */
public enum ExportFormat {
	/** One ONNX file. */
	ONNX("ONNX", ".onnx"),
	/** A bioimage.io model package (zip: rdf.yaml, ONNX weights, test tensors, README, cover). */
	BIOIMAGE_IO("bioimage.io", ".zip");

	/** The name a user types (macro value, dialog choice). */
	public final String label;
	public final String extension;

	ExportFormat(String label, String extension) {
		this.label = label;
		this.extension = extension;
	}

	/** "ONNX" or "bioimage.io", in any case ("bioimageio" too). */
	public static ExportFormat parse(String s) {
		String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		if (t.equals("onnx"))
			return ONNX;
		if (t.equals("bioimage.io") || t.equals("bioimageio"))
			return BIOIMAGE_IO;
		throw new IllegalArgumentException("format: unknown format '" + s + "'; allowed: ONNX, bioimage.io");
	}
}
