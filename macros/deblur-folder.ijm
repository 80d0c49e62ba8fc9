// Headless batch example: deblur every image of a folder with the preconditioned metric and save the results.
// ImageJ:  java -jar jars/ij-1.54p.jar -ijpath Fiji.app -batch macros/deblur-folder.ijm "/in/folder,/out/folder"
// Fiji:    ImageJ-linux64 --headless -batch macros/deblur-folder.ijm "/in/folder,/out/folder"
args = split(getArgument(), ",");
if (args.length < 2) exit("usage: -batch deblur-folder.ijm \"INPUT_FOLDER,OUTPUT_FOLDER\"");
input = args[0]; output = args[1];
File.makeDirectory(output);
setBatchMode(true);
list = getFileList(input);
for (i = 0; i < list.length; i++) {
  if (!endsWith(list[i], ".tif")) continue;
  open(input + File.separator + list[i]);
  name = File.nameWithoutExtension;
  run("Deblur Signal", "sigma=2 iterations=301 metric=Preconditioned log_every=100");
  selectImage("Deblurred");
  saveAs("Tiff", output + File.separator + name + "-deblurred.tif");
  Table.save(output + File.separator + name + "-loss.csv", "Deblur Loss");
  close("*");
}
print("deblurred " + list.length + " files into " + output);
