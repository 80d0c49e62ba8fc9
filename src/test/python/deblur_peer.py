"""Deblurring benchmark cases and scikit-image's peers (DeblurRealBench runs this; see docs/deblurring.md).

  deblur_peer.py make DIR   writes, for each case, DIR/<case>.truth.f32 and DIR/<case>.y.f32 (float32, row-major,
                            the shape in DIR/cases.json) and the peers' figures at their best settings
  deblur_peer.py score DIR  reads DIR/<case>.ours.f32 and prints PSNR / SSIM by skimage.metrics beside the peers
  deblur_peer.py figure DIR docs/figures/deblur-camera.png: blurred / ours / Richardson-Lucy / truth (after a run)

Cases: real images shipped by python3-skimage (camera, a photograph; immunohistochemistry, a bright-field
micrograph, as gray), scaled to [0, 1]; blurred by a Gaussian of sigma 2 with the image's own reflection outside
the frame (the boundary is unknown to the solvers); Gaussian noise sd 0.01, 0.03, 0.05 and Poisson noise with
1000, 300, 100 photons at intensity 1. Richardson-Lucy (num_iter) and Wiener (balance) are each run at every
setting of a grid and the best PSNR against the ground truth is kept: an oracle no user has.
"""
import json, sys, time
import numpy as np
from scipy import ndimage
from skimage import data, restoration
from skimage.color import rgb2gray
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

SIGMA = 2.0
RL_ITERS = [1, 2, 3, 5, 8, 12, 20, 30, 50]
WIENER_BALANCE = [1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3]


def images():
    return {"camera": data.camera() / 255.0, "ihc": rgb2gray(data.immunohistochemistry())}


def psf():
    # the plugin's Gaussian taps: 2 floor(3 sigma) + 1 samples, normalised
    h = int(np.floor(3 * SIGMA))
    t = np.arange(-h, h + 1)
    g = np.exp(-0.5 * (t / SIGMA) ** 2)
    g /= g.sum()
    return np.outer(g, g)


def cases():
    rng = np.random.default_rng(17)
    for name, img in images().items():
        blurred = ndimage.gaussian_filter(img, SIGMA, mode="reflect", truncate=4)
        for sd in (0.01, 0.03, 0.05):
            yield "%s-gaussian-%g" % (name, sd), img, blurred + rng.normal(0, sd, img.shape)
        for photons in (1000, 300, 100):
            yield "%s-poisson-%d" % (name, photons), img, rng.poisson(blurred * photons) / photons


def quality(truth, x):
    x = np.clip(x, 0, 1)
    return (peak_signal_noise_ratio(truth, x, data_range=1.0),
            structural_similarity(truth, x, data_range=1.0))


def best(truth, run, settings):
    found = None
    for p in settings:
        t0 = time.perf_counter()
        x = run(p)
        dt = time.perf_counter() - t0
        q = quality(truth, x)
        if found is None or q[0] > found["psnr"]:
            found = {"setting": p, "psnr": q[0], "ssim": q[1], "seconds": dt}
    return found


def make(out):
    k = psf()
    table = {}
    for case, truth, y in cases():
        truth.astype("<f4").tofile("%s/%s.truth.f32" % (out, case))
        y.astype("<f4").tofile("%s/%s.y.f32" % (out, case))
        rl = best(truth, lambda n: restoration.richardson_lucy(np.clip(y, 0, None), k, num_iter=n, clip=False), RL_ITERS)
        wi = best(truth, lambda b: restoration.wiener(y, k, balance=b, clip=False), WIENER_BALANCE)
        table[case] = {"shape": list(y.shape), "blurred": quality(truth, y), "rl": rl, "wiener": wi}
        print(case, "done", file=sys.stderr, flush=True)
    with open("%s/cases.json" % out, "w") as f:
        json.dump(table, f, indent=1)


def score(out):
    with open("%s/cases.json" % out) as f:
        table = json.load(f)
    with open("%s/ours.json" % out) as f:
        seconds = json.load(f)
    print("| case | blurred PSNR / SSIM | RL best (num_iter) | Wiener best (balance) | ours, defaults | ours s | beats both |")
    print("|---|---|---|---|---|---|---|")
    for case, row in table.items():
        truth = np.fromfile("%s/%s.truth.f32" % (out, case), "<f4").reshape(row["shape"]).astype(float)
        ours = np.fromfile("%s/%s.ours.f32" % (out, case), "<f4").reshape(row["shape"]).astype(float)
        q = quality(truth, ours)
        rl, wi = row["rl"], row["wiener"]
        wins = all(q[0] >= p["psnr"] - 0.005 and q[1] >= p["ssim"] - 0.0005 for p in (rl, wi))
        print("| %s | %.2f / %.3f | %.2f / %.3f (%g) %.2f s | %.2f / %.3f (%g) %.2f s | **%.2f / %.3f** | %.2f | %s |" % (
            case, row["blurred"][0], row["blurred"][1], rl["psnr"], rl["ssim"], rl["setting"], rl["seconds"],
            wi["psnr"], wi["ssim"], wi["setting"], wi["seconds"], q[0], q[1], seconds[case], "yes" if wins else "NO"))


if __name__ == "__main__" and sys.argv[1] in ("make", "score"):
    {"make": make, "score": score}[sys.argv[1]](sys.argv[2])


def figure(out, case="camera-poisson-300", png="docs/figures/deblur-camera.png"):
    """blurred / ours (defaults) / Richardson-Lucy (best num_iter) / truth, side by side, at 256 x 256 crops."""
    from skimage.io import imsave
    with open("%s/cases.json" % out) as f:
        row = json.load(f)[case]
    shape = row["shape"]
    load = lambda kind: np.fromfile("%s/%s.%s.f32" % (out, case, kind), "<f4").reshape(shape).astype(float)
    y, ours, truth = load("y"), load("ours"), load("truth")
    rl = restoration.richardson_lucy(np.clip(y, 0, None), psf(), num_iter=row["rl"]["setting"], clip=False)
    crop = lambda a: np.clip(a[:256, 128:384], 0, 1)
    gap = np.ones((256, 6))
    strip = np.hstack([crop(y), gap, crop(ours), gap, crop(rl), gap, crop(truth)])
    imsave(png, (strip * 255).round().astype(np.uint8))
    print("wrote", png, "from", case)


if __name__ == "__main__" and sys.argv[1] == "figure":
    figure(sys.argv[2])
