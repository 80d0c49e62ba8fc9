"""The CLI's first CNN epoch as a whole PyTorch process, to time from outside beside
`cnn-sandbox --run "Train Fashion Classifier" "model=cnn epochs=1 train_limit=6000"` (docs/benchmarks.md):
import, the data read, the evaluation before training, one epoch of 6,000 images (batch 250, SGD 0.01/0.5), the
evaluation after. Prints the test images right after the epoch.
  python3 torch_first_epoch.py [THREADS]   (THREADS: torch.set_num_threads; default: PyTorch's own)
"""
import os, sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_peer import idx, Cnn  # noqa: E402

if len(sys.argv) > 1:
    torch.set_num_threads(int(sys.argv[1]))
d = "/usr/share/datasets/fashion-mnist"
torch.manual_seed(1)
xs = torch.from_numpy(idx(d + "/train-images-idx3-ubyte.gz").astype(np.float32) / 255).view(-1, 1, 28, 28)[:6000]
ys = torch.from_numpy(idx(d + "/train-labels-idx1-ubyte.gz").astype(np.int64))[:6000]
xt = torch.from_numpy(idx(d + "/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255).view(-1, 1, 28, 28)
yt = torch.from_numpy(idx(d + "/t10k-labels-idx1-ubyte.gz").astype(np.int64))
net = Cnn()
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.5)


def evaluate():
    net.eval()
    with torch.no_grad():
        return sum(int((net(xt[i:i + 250]).argmax(1) == yt[i:i + 250]).sum()) for i in range(0, len(xt), 250))


evaluate()
net.train()
perm = torch.randperm(len(xs))
for i in range(0, len(xs), 250):
    b = perm[i:i + 250]
    opt.zero_grad()
    F.nll_loss(net(xs[b]), ys[b]).backward()
    opt.step()
print(evaluate())
