#!/usr/bin/env bash
# The main job: a headless demo of every CNN Sandbox command on the default data (the workshop, end to end).
# Usage: bash macros/demo.sh [OUTPUT_DIR]        (default: demo-output; about 2 minutes on 2 cores, build included)
# Needs: Java 17+, Maven, and Fashion-MNIST in /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-demo-output}
data=/usr/share/datasets/fashion-mnist
if [ ! -d "$data" ]; then
  echo "Fashion-MNIST is not installed in $data: run 'sudo apt-get install -y dataset-fashion-mnist'" >&2
  exit 1
fi
mkdir -p "$out"
if [ ! -d target/app/plugins ]; then
  # Maven 3.8's console library writes colour resets (ESC[0m) even with -B -q: keep its output in a log of its own.
  echo "== building target/app (mvn package, about a minute)"
  mvn -B -q -DskipTests package > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
fi

run() { # run "Command" "options" subfolder
  echo "== $1: $2"
  java -Xmx2g -cp "target/app/jars/*:target/app/plugins/*" cnnsandbox.Main --run "$1" "$2" --output "$out/$3" \
    > "$out/$3.log" 2>&1 || { cat "$out/$3.log"; exit 1; }
  grep -E "^\[INFO\] (Time Elapsed|Deblur Signal: loss|Saved|class |conv2 unit 0:)|^message:|^wrote" "$out/$3.log" | sed 's/^/   /' || true
}

signal=sample-images/workshop-signal.tif
# 1. Deblurring: the workshop's stall (L2), a sharpening metric, and the preconditioned metric; then a 2-D image.
run "Deblur Signal" "input=$signal" deblur-L2
run "Deblur Signal" "metric=Sobolev input=$signal" deblur-Sobolev
run "Deblur Signal" "metric=Preconditioned iterations=2501 input=$signal" deblur-Preconditioned
run "Deblur Signal" "sigma=2 iterations=201 log_every=50 metric=Preconditioned epsilon=1e-4 input=sample-images/chart-blurred-sigma2.tif" deblur-2D

# 2. Training: the workshop's MLP with its exact hyper-parameters on the full data, and its CNN (Adam, 2 epochs).
run "Train Fashion Classifier" "model=MLP model_file=$out/mlp.cnnsandbox.zip" train-MLP
run "Train Fashion Classifier" "model=CNN epochs=2 optimizer=Adam learning_rate=0.001 model_file=$out/cnn.cnnsandbox.zip" train-CNN
run "Show Test Images" "model_file=$out/mlp.cnnsandbox.zip true_class=T-shirt/top predicted_class=Shirt" tshirts-as-shirts

# 3. Classification of a stack and of a photo-like RGB image.
run "Classify Image" "model_file=$out/cnn.cnnsandbox.zip input=sample-images/fashion-test-100.tif top_k=3" classify-stack
run "Classify Image" "model_file=$out/cnn.cnnsandbox.zip input=sample-images/ankle-boot-photo-rgb.tif" classify-photo

# 4. What the models respond to: every class, conv1's channels, and the first layer's filters.
run "Visualize Neuron" "model_file=$out/mlp.cnnsandbox.zip mode=class target_class=all" classes-MLP
run "Visualize Neuron" "model_file=$out/cnn.cnnsandbox.zip mode=class target_class=all" classes-CNN
run "Visualize Neuron" "model_file=$out/cnn.cnnsandbox.zip mode=neuron layer=conv2 all_units=true start=random steps=100" conv2-units
run "Show Filters" "model_file=$out/cnn.cnnsandbox.zip" filters-CNN
run "Show Filters" "model_file=$out/mlp.cnnsandbox.zip" filters-MLP
run "Show Activations" "model_file=$out/cnn.cnnsandbox.zip input=sample-images/fashion-test-100.tif" activations-CNN

# 5. Why the CNN decided: integrated gradients over the 100 test images (each pixel's share of log p(predicted)).
run "Explain Classification" "model_file=$out/cnn.cnnsandbox.zip input=sample-images/fashion-test-100.tif method=integrated_gradients" explain-CNN

# 6. A network of one's own: a layer list, trained on the same data.
run "Train Fashion Classifier" "model=Custom layers=[conv 16 5, relu, maxpool 2, dense 10] epochs=2 train_limit=20000 optimizer=Adam learning_rate=0.001 model_file=$out/custom.cnnsandbox.zip" train-Custom

# 7. The models leave the sandbox: ONNX for any runtime, a bioimage.io package for deepImageJ and the Model Zoo;
#    and come back in: the ONNX file imported as a model file (a PyTorch export comes in the same way).
run "Export Model" "model_file=$out/cnn.cnnsandbox.zip format=ONNX output_file=$out/cnn.onnx" export-ONNX
run "Export Model" "model_file=$out/cnn.cnnsandbox.zip format=bioimage.io output_file=$out/cnn-bioimageio.zip" export-bioimageio
run "Import Model" "input_file=$out/cnn.onnx output_file=$out/cnn-imported.cnnsandbox.zip" import-ONNX
if /usr/bin/python3 -c "import onnx" 2>/dev/null; then # Debian python3-onnx: the format's own checker
  /usr/bin/python3 -c "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('   onnx.checker: ' + sys.argv[1] + ' is valid')" "$out/cnn.onnx"
fi

echo "Demo outputs (images .tif/.png, tables .csv, logs) are in $out/"
