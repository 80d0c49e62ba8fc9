package cnnsandbox.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.nd4j.shade.protobuf.CodedInputStream;

import cnnsandbox.files.RegularFiles;
import cnnsandbox.files.ZipEntries;
import cnnsandbox.files.TempFiles;

/**
 * Writes an export all-or-nothing: into a temporary file beside it (the user's usual permissions, deleted on failure,
 * cancel or Ctrl-C), renamed over it at the end. It replaces only an earlier export of the same format, never a
 * folder, a device or another kind of file (a typo in output_file must not destroy a document).
 */
final class AtomicFile {

	static final String KEY = "output_file";

	private AtomicFile() {}

	static void write(Path file, ExportFormat format, TempFiles.StreamWriter writer) throws IOException {
		checkTarget(file, format);
		TempFiles.write(file, writer);
	}

	static void checkTarget(Path file, ExportFormat format) throws IOException {
		RegularFiles.requireReplaceable(file, KEY);
		Path dir = file.toAbsolutePath().getParent();
		if (dir != null && !Files.isDirectory(dir))
			throw new IOException(KEY + " " + file + ": folder " + dir + " does not exist (create it first)");
		if (Files.isRegularFile(file) && Files.size(file) > 0 && !isEarlierExport(file, format))
			throw new IOException(KEY + " " + file + " exists and is not " + (format == ExportFormat.ONNX ? "an ONNX file"
				: "a bioimage.io package") + " exported by CNN Sandbox: not replacing it (choose another name, or delete it)");
	}

	/** The most bytes of rdf.yaml read to recognise a package: ours are ~5 KB. */
	private static final long RDF_LIMIT = 1 << 20;

	/**
	 * An export of ours: for ONNX, a ModelProto whose producer_name is ours (protobuf has no signature; the name
	 * .onnx alone let a typo replace a user's file); for a package, a zip whose rdf.yaml carries our tag.
	 */
	private static boolean isEarlierExport(Path file, ExportFormat format) {
		try {
			if (format == ExportFormat.ONNX) {
				try (InputStream in = Files.newInputStream(file)) {
					CodedInputStream p = CodedInputStream.newInstance(in.readNBytes(4096));
					for (int fields = 0; fields < 16; fields++) {
						int tag = p.readTag();
						if (tag == 0) return false;
						if (tag == (2 << 3 | 2)) return OnnxExporter.PRODUCER.equals(p.readString()); // field 2: producer_name
						if (!p.skipField(tag)) return false;
					}
					return false;
				}
			}
			try (ZipFile zip = new ZipFile(file.toFile())) {
				ZipEntry rdf = zip.getEntry(BioimageioPackage.RDF);
				if (rdf == null) return false;
				try (InputStream in = ZipEntries.open(zip, rdf, RDF_LIMIT)) {
					return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(BioimageioPackage.TAG);
				}
			}
		}
		catch (IOException | RuntimeException e) {
			return false; // unreadable as our export: not ours to replace
		}
	}
}
