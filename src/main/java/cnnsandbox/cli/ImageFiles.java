package cnnsandbox.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import cnnsandbox.data.ImageFile;
import cnnsandbox.files.MemoryBudget;
import cnnsandbox.files.RegularFiles;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.TiffDecoder;
import ij.process.ImageConverter;
import ij.process.StackConverter;

/**
 * Opening the CLI's input image as an untrusted file. A TIFF's header is read first and checked against the file
 * (a TIFF declaring 1000 x 1000 pixels but holding 1 KB was processed as zeros) and against the memory it needs (a
 * declared 50000 x 50000 TIFF made ImageJ print a NegativeArraySizeException stack trace). ImageJ reports its own
 * failures on the console, so they are captured and turned into one line. An 8-bit TIFF with a colour palette (not
 * written by ImageJ) is converted to RGB, so that its colours, not its palette indices, are what the command sees.
 */
final class ImageFiles {

	private ImageFiles() {}

	static ImagePlus open(String path) throws IOException {
		Path file = Paths.get(path);
		RegularFiles.requireReadable(file, "input image");
		boolean tiff = isTiff(file), imageJTiff = tiff && checkTiff(file);
		if (!tiff) ImageFile.check(file); // a 400 KB PNG may declare 20000 x 20000 pixels; a JPEG may be cut short
		ImagePlus imp;
		String said;
		PrintStream out = System.out, err = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		try (PrintStream capture = new PrintStream(captured, true)) {
			System.setOut(capture);
			System.setErr(capture);
			imp = IJ.openImage(path);
		}
		catch (RuntimeException | OutOfMemoryError e) {
			imp = null;
			captured.writeBytes(String.valueOf(e).getBytes());
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
		said = firstLine(captured.toString());
		if (imp == null)
			throw new IllegalArgumentException("cannot read " + path + " as an image" + (said.isEmpty() ? "" : " (" + said + ")")
				+ ": use TIFF, PNG or another format ImageJ opens");
		// A palette TIFF from another program holds colours; ImageJ writes its display LUT (Fire...) as a palette too,
		// but there the pixel values are the data: only the former is converted.
		if (imp.getBitDepth() == 8 && imp.getProcessor().isColorLut() && !imageJTiff) {
			if (imp.getStackSize() > 1) new StackConverter(imp).convertToRGB();
			else new ImageConverter(imp).convertToRGB();
		}
		return imp;
	}

	private static boolean isTiff(Path file) throws IOException {
		byte[] h;
		try (InputStream in = Files.newInputStream(file)) {
			h = in.readNBytes(4);
		}
		return h.length == 4 && ((h[0] == 'I' && h[1] == 'I' && h[2] == 42 && h[3] == 0) || (h[0] == 'M' && h[1] == 'M' && h[2] == 0 && h[3] == 42));
	}

	/**
	 * Declared pixels against the file's size (uncompressed TIFFs) and against the free memory.
	 *
	 * @return whether ImageJ wrote the file (its description starts with "ImageJ=")
	 */
	private static boolean checkTiff(Path file) throws IOException {
		FileInfo[] infos;
		PrintStream out = System.out, err = System.err;
		try (PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true)) {
			System.setOut(quiet);
			System.setErr(quiet);
			File f = file.toAbsolutePath().toFile();
			infos = new TiffDecoder(f.getParent() + File.separator, f.getName()).getTiffInfo();
		}
		catch (IOException | RuntimeException e) {
			throw new IllegalArgumentException("cannot read " + file + " as a TIFF (" + firstLine(String.valueOf(e.getMessage())) + ")");
		}
		catch (OutOfMemoryError e) { // one array sized by a damaged tag; the heap is fine once it is refused
			throw new IllegalArgumentException("cannot read " + file + " as a TIFF: a tag declares more data than memory holds (damaged file?)");
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
		if (infos == null || infos.length == 0) throw new IllegalArgumentException("cannot read " + file + " as a TIFF (no image in it)");
		long size = Files.size(file);
		for (FileInfo fi : infos) {
			if (fi.width <= 0 || fi.height <= 0 || fi.nImages <= 0)
				throw new IllegalArgumentException(file + " declares an image of " + fi.width + " x " + fi.height + " pixels: not a valid TIFF");
			long bytes = MemoryBudget.times(fi.width, fi.height, fi.nImages, Math.max(1, fi.getBytesPerPixel()));
			MemoryBudget.require(MemoryBudget.times(bytes, 2), "input image " + file + " (" + fi.width + " x " + fi.height + " x "
				+ fi.nImages + ")");
			if (fi.compression == FileInfo.COMPRESSION_NONE && fi.offset + bytes > size)
				throw new IllegalArgumentException(file + " is truncated: it declares " + fi.width + " x " + fi.height + " x " + fi.nImages
					+ " pixels (" + bytes + " bytes from offset " + fi.offset + ") but holds " + size + " bytes");
		}
		return infos[0].description != null && infos[0].description.startsWith("ImageJ=");
	}

	private static String firstLine(String s) {
		String t = s.trim();
		int nl = t.indexOf('\n');
		return (nl < 0 ? t : t.substring(0, nl)).trim();
	}
}
