#!/bin/sh
# Re-takes docs/screenshots/*.png: a real ImageJ 1.x (target/app) on a virtual 1600 x 1000 display, every command's
# dialog filled in and run from it, the status bar while long ones run, and the windows they open.
# Needs: mvn -DskipTests package (target/app, target/test-classes), xvfb-run, Fashion-MNIST in /usr/share/datasets.
# Takes about 2 minutes on 2 cores.
set -e
cd "$(dirname "$0")/.."
ij=$(ls target/app/jars/ij-*.jar | head -n 1)
xvfb-run -a -s "-screen 0 1600x1000x24" java -Xmx3g -cp "$ij:target/test-classes" \
	cnnsandbox.ij1.ScreenshotTour target/app docs/screenshots .
