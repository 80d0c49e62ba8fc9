"""The same work as our benchmarks, done by PyTorch at its defaults (threads, oneDNN), printed as one JSON line.

Run by cnnsandbox.bench.* when /usr/bin/python3 can import torch; usable alone:
  python3 torch_peer.py train  ARCH DATA_DIR TRAIN_LIMIT [EPOCHS] -> training s/epoch (median of EPOCHS epochs, batch
                                                               250, SGD 0.01/0.5) and inference images/s on the 10k
                                                               test set (best and median of 10 runs)
  python3 torch_peer.py saliency ARCH DATA_DIR                -> d log p(predicted) / d pixel of the 10k test images by
                                                               autograd (batches of 250), seconds (best of 3, after
                                                               a few SGD steps: see below)
  python3 torch_peer.py deblur ITERATIONS                  -> the workshop's 1-D L2 descent, seconds and losses
  python3 torch_peer.py deblur2d SIZE ITERATIONS           -> 2-D L2 descent, SIZE x SIZE, sigma 3, s/iteration
  python3 torch_peer.py gemm SIZE                          -> numpy's float32 SIZE^3 product (the system BLAS),
                                                               GFLOP/s, best of 5: the machine's GEMM peak for this run
                                                               (OPENBLAS_NUM_THREADS sets its threads)
  python3 torch_peer.py --threads N TASK ...               -> TASK after torch.set_num_threads(N) (the benchmarks run
                                                               the default and N = the core count: the default is 1
                                                               thread on some machines, and a user sets more)
Warm-up first everywhere (PyTorch 1.13's never-trained CNN infers ~5x slower than after a few SGD steps).
Debian's PyTorch does its dense products through the system BLAS, whose own threads torch.get_num_threads() does not
count: with OpenBLAS (pthreads) they are every core unless OPENBLAS_NUM_THREADS says otherwise; "blas_threads" reports
them.
"""
import gzip, json, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class Mlp(nn.Module):
    def __init__(self, h=100):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(784, h), nn.Linear(h, 10)

    def forward(self, x):
        return F.log_softmax(self.fc2(F.relu(self.fc1(x.view(-1, 784)))), dim=1)


class Cnn(nn.Module):  # the workshop's FashionSimpleNet
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc1, self.fc2 = nn.Linear(64 * 7 * 7, 128), nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.dropout(x.view(-1, 64 * 7 * 7), training=self.training)
        return F.log_softmax(self.fc2(F.relu(self.fc1(x))), dim=1)


def infer(net, x, batch):
    net.eval()
    with torch.no_grad():
        for i in range(0, len(x), batch):
            net(x[i:i + batch]).argmax(1)


def train(arch, data_dir, limit, epochs=1):
    torch.manual_seed(0)
    xs = torch.from_numpy(idx(data_dir + "/train-images-idx3-ubyte.gz").astype(np.float32) / 255).view(-1, 1, 28, 28)
    ys = torch.from_numpy(idx(data_dir + "/train-labels-idx1-ubyte.gz").astype(np.int64))
    xt = torch.from_numpy(idx(data_dir + "/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255).view(-1, 1, 28, 28)
    if limit > 0:
        xs, ys = xs[:limit], ys[:limit]
    net = Mlp() if arch == "mlp" else Cnn()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.5)

    def epoch(n):
        net.train()
        perm = torch.randperm(n)
        for i in range(0, n, 250):
            b = perm[i:i + 250]
            opt.zero_grad()
            F.nll_loss(net(xs[b]), ys[b]).backward()
            opt.step()

    epoch(min(len(xs), 2500))  # warm-up
    times = []
    for _ in range(epochs):
        t = time.perf_counter()
        epoch(len(xs))
        times.append(time.perf_counter() - t)
    train_s = sorted(times)[len(times) // 2]
    inf_batch = 250 if arch == "cnn" else 1000
    infer(net, xt, inf_batch)  # warm-up
    runs = []
    for _ in range(10):
        t = time.perf_counter()
        infer(net, xt, inf_batch)
        runs.append(time.perf_counter() - t)
    runs.sort()
    return {"train_images_per_s": len(xs) / train_s, "train_s_per_epoch": train_s, "epochs": epochs,
            "inference_images_per_s": len(xt) / runs[0], "inference_median_images_per_s": len(xt) / runs[len(runs) // 2],
            "inference_batch": inf_batch}


def saliency(arch, data_dir):
    torch.manual_seed(0)
    xt = torch.from_numpy(idx(data_dir + "/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255).view(-1, 1, 28, 28)
    net = Mlp() if arch == "mlp" else Cnn()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.5)
    for i in range(0, 2500, 250):  # warm-up steps (an untrained CNN runs several times slower)
        opt.zero_grad()
        F.nll_loss(net(xt[i:i + 250]), torch.zeros(250, dtype=torch.long)).backward()
        opt.step()
    net.eval()
    for p in net.parameters():
        p.requires_grad_(False)
    batch = 250 if arch == "cnn" else 2000

    def maps():
        for i in range(0, len(xt), batch):
            x = xt[i:i + batch].clone().requires_grad_(True)
            logp = net(x)
            logp.gather(1, logp.argmax(1, keepdim=True)).sum().backward()

    maps()
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        maps()
        runs.append(time.perf_counter() - t)
    return {"saliency_s": min(runs), "images": len(xt), "batch": batch}


def blas_threads():
    """The system BLAS's own thread count (OpenBLAS), or 0 when it cannot be asked."""
    import ctypes
    for name in ("libblas.so.3", "libopenblas.so.0"):
        try:
            return ctypes.CDLL(name).openblas_get_num_threads()
        except (OSError, AttributeError):
            pass
    return 0


def gaussian(sigma):
    m = int(2 * ((6 * sigma) // 2) + 1)
    n = np.arange(m) - (m - 1) / 2
    h = np.exp(-0.5 * (n / sigma) ** 2)
    return h / h.sum()


def deblur(iterations):
    res = 100
    t = np.linspace(0, 6, 6 * res + 1)
    y = 0. * t
    y[1 < t] = 1.
    y[2 < t] = (t[2 < t] - 3) ** 2
    y[3 < t] = np.sin(5.5 * np.pi * (t[3 < t] - 3)) ** 2
    y[4 < t] = 5 - t[4 < t]
    y[5 < t] = 0.
    y = torch.from_numpy(y).float()
    h = gaussian(.3 * res)
    conv = nn.Conv1d(1, 1, len(h), padding=len(h) // 2, bias=False)
    conv.weight = nn.Parameter(torch.from_numpy(h).float().view(1, 1, -1), requires_grad=False)

    def run(its):
        x = torch.zeros(y.size(), requires_grad=True)
        opt = torch.optim.SGD([x], lr=1., momentum=.5)
        losses = []
        start = time.perf_counter()
        for it in range(its):
            opt.zero_grad()
            xb = conv(x.view(1, 1, -1))
            loss = ((xb - y) ** 2).sum() / res
            loss.backward()
            opt.step()
            if it % 2500 == 0:
                losses.append(float(loss))
        return time.perf_counter() - start, losses

    run(1000)  # warm-up
    seconds, losses = run(iterations)
    return {"seconds": seconds, "us_per_iteration": seconds / iterations * 1e6, "losses": losses}


def deblur2d(size, iterations):
    h = torch.from_numpy(gaussian(3.0)).float()
    m = len(h)
    # separable blur as two 1-D convolutions, zero padded, the same operator as ours
    kx, ky = h.view(1, 1, 1, m), h.view(1, 1, m, 1)
    blur = lambda v: F.conv2d(F.conv2d(v, kx, padding=(0, m // 2)), ky, padding=(m // 2, 0))
    y = blur(torch.rand(1, 1, size, size))
    x = torch.zeros_like(y, requires_grad=True)
    opt = torch.optim.SGD([x], lr=1., momentum=.5)

    def step():
        opt.zero_grad()
        loss = ((blur(x) - y) ** 2).sum()
        loss.backward()
        opt.step()

    for _ in range(2):
        step()
    start = time.perf_counter()
    for _ in range(iterations):
        step()
    s = (time.perf_counter() - start) / iterations
    return {"ms_per_iteration": s * 1e3}


def gemm(size):
    rng = np.random.default_rng(0)
    a = rng.random((size, size), dtype=np.float32)
    b = rng.random((size, size), dtype=np.float32)
    a @ b  # warm-up: the BLAS's threads start
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        a @ b
        runs.append(time.perf_counter() - t)
    return {"gflops": 2.0 * size ** 3 / min(runs) / 1e9, "size": size}


if __name__ == "__main__":
    if sys.argv[1] == "--threads":
        torch.set_num_threads(int(sys.argv[2]))
        del sys.argv[1:3]
    task = sys.argv[1]
    if task == "train":
        out = train(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else 1)
    elif task == "saliency":
        out = saliency(sys.argv[2], sys.argv[3])
    elif task == "deblur":
        out = deblur(int(sys.argv[2]))
    elif task == "deblur2d":
        out = deblur2d(int(sys.argv[2]), int(sys.argv[3]))
    elif task == "gemm":
        out = gemm(int(sys.argv[2]))
    else:
        raise SystemExit("unknown task " + task)
    out["torch"] = torch.__version__
    out["threads"] = torch.get_num_threads()
    out["blas_threads"] = blas_threads()
    print(json.dumps(out))
