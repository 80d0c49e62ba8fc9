"""PyTorch peer of LayerListBench: the same layer list, data slice and optimiser as CNN Sandbox's model=Custom.

Usage: python3 torch_layer_list.py DATA_DIR "conv 16 5, relu, maxpool 2, dense 10" EPOCHS TRAIN_LIMIT OPTIMIZER LR BATCH SEED...
Prints one line per seed: "torch seed S: test accuracy A (C/N), T s".
"""
import gzip, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    with gzip.open(path) if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(d, name):
    import os
    return os.path.join(d, name + ".gz") if os.path.exists(os.path.join(d, name + ".gz")) else os.path.join(d, name)


def build(layers, size, classes):
    mods, c, h, w, flat = [], 1, size, size, False
    for item in layers.split(","):
        t = item.split()
        if t[0] == "conv":
            mods.append(nn.Conv2d(c, int(t[1]), int(t[2]), padding=int(t[2]) // 2)); c = int(t[1])
        elif t[0] in ("maxpool", "avgpool"):
            s = int(t[1]); mods.append(nn.MaxPool2d(s) if t[0] == "maxpool" else nn.AvgPool2d(s)); h //= s; w //= s
        elif t[0] == "relu": mods.append(nn.ReLU())
        elif t[0] == "tanh": mods.append(nn.Tanh())
        elif t[0] == "sigmoid": mods.append(nn.Sigmoid())
        elif t[0] == "dropout": mods.append(nn.Dropout(float(t[1])))
        elif t[0] == "dense":
            if not flat:
                mods.append(nn.Flatten()); flat = True; n = c * h * w
            mods.append(nn.Linear(n, int(t[1]))); n = int(t[1])
    return nn.Sequential(*mods)


def main():
    if sys.argv[1] == "--threads":  # torch.set_num_threads(N): the benchmark runs the default and every core
        torch.set_num_threads(int(sys.argv[2]))
        del sys.argv[1:3]
    d, layers, epochs, limit, opt, lr, batch = sys.argv[1:8]
    epochs, limit, lr, batch = int(epochs), int(limit), float(lr), int(batch)
    x = torch.tensor(idx(find(d, "train-images-idx3-ubyte")), dtype=torch.float32)[:limit or None].unsqueeze(1) / 255
    y = torch.tensor(idx(find(d, "train-labels-idx1-ubyte")), dtype=torch.long)[:limit or None]
    tx = torch.tensor(idx(find(d, "t10k-images-idx3-ubyte")), dtype=torch.float32).unsqueeze(1) / 255
    ty = torch.tensor(idx(find(d, "t10k-labels-idx1-ubyte")), dtype=torch.long)
    for seed in sys.argv[8:]:
        torch.manual_seed(int(seed))
        net = build(layers, x.shape[-1], 10)
        o = torch.optim.Adam(net.parameters(), lr=lr) if opt.lower() == "adam" else torch.optim.SGD(net.parameters(), lr=lr, momentum=0.5)
        t0 = time.time()
        for e in range(epochs):
            net.train()
            perm = torch.randperm(len(x))
            for i in range(0, len(x), batch):
                b = perm[i:i + batch]
                o.zero_grad()
                loss = F.nll_loss(F.log_softmax(net(x[b]), dim=1), y[b])
                loss.backward()
                o.step()
        net.eval()
        with torch.no_grad():
            correct = sum(int((net(tx[i:i + 1000]).argmax(1) == ty[i:i + 1000]).sum()) for i in range(0, len(tx), 1000))
        print("torch seed %s: test accuracy %.4f (%d/%d), %.1f s, %d thread(s)" % (seed, correct / len(tx), correct, len(tx),
                                                                          time.time() - t0, torch.get_num_threads()), flush=True)


main()
