package cnnsandbox.export;

import cnnsandbox.options.Options;

/** The formats a model can leave the sandbox in. */
public enum ExportFormat implements Options.Choice {
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

	@Override
	public String label() {
		return label;
	}

	/** "ONNX" or "bioimage.io", in any case. */
	public static ExportFormat parse(String s) {
		return Options.choice("format", s, ExportFormat.class);
	}
}
