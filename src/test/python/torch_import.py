"""A classifier trained in PyTorch and exported with torch.onnx.export, for Import Model's test (TorchImportIT).

Unlike the workshop's nets: padding 0, stride 2 and batch norm. Trains 1 epoch on the first N training images of
Fashion-MNIST, exports model.onnx (opset 13, dynamic batch), and writes PyTorch's softmax probabilities for the
10,000 test images as little-endian float32 [10000, 10] to probabilities.bin.

usage: torch_import.py DATA_DIR OUT_DIR [N]
"""
import os, sys

import numpy as np
import torch
from torch import nn

from torch_peer import idx  # the one IDX reader of the Python side


def main():
    data_dir, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    torch.manual_seed(1)
    xs = torch.from_numpy(idx(data_dir + "/train-images-idx3-ubyte.gz")[:n].astype(np.float32) / 255).view(-1, 1, 28, 28)
    ys = torch.from_numpy(idx(data_dir + "/train-labels-idx1-ubyte.gz")[:n].astype(np.int64))
    xt = torch.from_numpy(idx(data_dir + "/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255).view(-1, 1, 28, 28)
    net = nn.Sequential(
        nn.Conv2d(1, 16, 3, stride=2, padding=0), nn.BatchNorm2d(16), nn.ReLU(),  # 28 -> 13
        nn.Conv2d(16, 32, 3, stride=2, padding=0), nn.BatchNorm2d(32), nn.ReLU(),  # 13 -> 6
        nn.MaxPool2d(2),  # 6 -> 3
        nn.Flatten(), nn.Linear(32 * 3 * 3, 64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, 10))
    opt = torch.optim.Adam(net.parameters(), lr=0.002)
    net.train()
    for i in torch.randperm(len(xs)).split(100):
        opt.zero_grad()
        nn.functional.cross_entropy(net(xs[i]), ys[i]).backward()
        opt.step()
    net.eval()
    os.makedirs(out, exist_ok=True)
    torch.onnx.export(net, xt[:1], os.path.join(out, "model.onnx"), opset_version=13, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
    with torch.no_grad():
        p = torch.softmax(net(xt), dim=1).numpy().astype("<f4")
    p.tofile(os.path.join(out, "probabilities.bin"))
    print("accuracy %.4f" % (p.argmax(1) == idx(data_dir + "/t10k-labels-idx1-ubyte.gz")).mean())


if __name__ == "__main__":
    main()
