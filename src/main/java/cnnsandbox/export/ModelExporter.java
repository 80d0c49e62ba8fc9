package cnnsandbox.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import cnnsandbox.training.Classifier;

/** Writes a classifier in one of the {@link ExportFormat}s, all-or-nothing (nothing is left if it fails or is cancelled). */
public final class ModelExporter {

	private ModelExporter() {}

	/**
	 * @param status receives progress lines for the status bar
	 * @param cancelled polled between the slow steps; a cancel throws CancellationException and writes nothing
	 * @throws IOException naming the file when it cannot be written
	 */
	public static void export(Classifier model, ExportFormat format, Path file, Consumer<String> status,
		BooleanSupplier cancelled) throws IOException {
		ExportableModel m = ExportableModel.of(model);
		if (format == ExportFormat.ONNX) {
			byte[] onnx = OnnxExporter.export(m).toByteArray();
			AtomicFile.write(file, format, out -> out.write(onnx));
		} else
			AtomicFile.write(file, format, out -> BioimageioPackage.write(m, out, status, cancelled));
	}
}
