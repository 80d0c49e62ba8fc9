// Batch example: classify every image of a folder with a saved model, into one CSV.
// ImageJ:  xvfb-run -a java -jar jars/ij-1.54p.jar -ijpath Fiji.app -batch macros/classify-folder.ijm "/images,/models/cnn.cnnsandbox.zip,/out/classes.csv"
// Fiji:    ImageJ-linux64 --headless -batch macros/classify-folder.ijm "/images,/models/cnn.cnnsandbox.zip,/out/classes.csv"
args = split(getArgument(), ",");
if (args.length < 3) exit("usage: -batch classify-folder.ijm \"IMAGE_FOLDER,MODEL_FILE,OUTPUT_CSV\"");
folder = args[0]; model = args[1]; csv = args[2];
setBatchMode(true);
Table.create("All Classes");
list = getFileList(folder);
for (i = 0; i < list.length; i++) {
  if (File.isDirectory(folder + File.separator + list[i])) continue;
  open(folder + File.separator + list[i]);
  run("Classify Image", "model_file=[" + model + "] invert=auto top_k=3");
  selectWindow("Class Probabilities");
  for (r = 0; r < Table.size("Class Probabilities"); r++) {
    row = Table.size("All Classes");
    Table.set("file", row, list[i], "All Classes");
    Table.set("slice", row, Table.get("slice", r, "Class Probabilities"), "All Classes");
    Table.set("label", row, Table.getString("label", r, "Class Probabilities"), "All Classes");
    Table.set("confidence", row, Table.get("confidence", r, "Class Probabilities"), "All Classes");
    Table.set("top_3", row, Table.getString("top_3", r, "Class Probabilities"), "All Classes");
  }
  close("*");
}
Table.save(csv, "All Classes");
print("classified " + list.length + " files into " + csv);
