"""Reference attributions by PyTorch autograd on an ONNX model exported by Export Model, for ExplainClassificationTest.

  python3 attribution_peer.py MODEL.onnx IMAGES.f32 N ROWS COLS GRAD_OUT.f32 [CONV_NODE CAM_OUT.f32]

IMAGES.f32: N x ROWS x COLS float32 little-endian, pixels in [0, 1]. The graph is rebuilt in torch from its nodes and
initializers (Conv, MaxPool (ties: see max_pool_first), AveragePool, GlobalAveragePool, Relu, Tanh, Sigmoid, Flatten, Gemm, Mul, Add; the final
Softmax is replaced by log_softmax), in float64. Writes d log p(predicted) / d pixel (N x ROWS x COLS float32) and,
beside it (GRAD_OUT.gaps, N float32), each image's smallest relative gap between the two largest values of a
max-pooling window (inf without max pooling), and
with CONV_NODE the Grad-CAM of that conv layer (and its HiResCAM into CAM_OUT.f32.hires) (its maps after the activation node that directly follows it, if any;
score = the predicted class's logit; alpha = spatial mean of the gradient; ReLU of the weighted sum; bilinear
upsampling, align_corners=False). Prints one JSON line: the predicted classes.
"""
import json, sys

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn.functional as F


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def max_pool_first(x, k):
    """Max pooling (k x k, stride k) whose gradient goes to the first (row-major) of the window's values within 1e-5
    (relative) of its maximum: the engine's rule at ties. A window of equal maxima has no gradient, and Fashion-MNIST's
    flat regions make such windows common; torch's max_pool2d breaks them by float64 rounding (measured: a window
    [0.06390959, 0.06231259, 0.06390959, 0.06231259] sent its gradient to the third value, the engine to the first,
    and that one window put the test CNN's input gradient 2 % off)."""
    n, c, h, w = x.shape
    v = x.unfold(2, k, k).unfold(3, k, k).reshape(n, c, h // k, w // k, k * k)
    top = v.max(dim=-1, keepdim=True).values
    near = (v >= top - 1e-9 * top.abs().clamp(min=1e-3)).to(torch.int64)
    first = near.argmax(dim=-1, keepdim=True)  # the first maximal index (torch.argmax's documented rule)
    # per image: the smallest relative gap between a window's largest and second-largest distinct-in-float64 values
    # (positive windows only): below ~1e-5, float32 rounding may order them otherwise, a kink the gradient jumps at
    top2 = v.detach().topk(2, dim=-1).values
    gap = (top2[..., 0] - top2[..., 1]) / top2[..., 0].abs().clamp(min=1e-12)
    gap = torch.where((top2[..., 0] > 0) & (gap > 1e-9), gap, torch.full_like(gap, float("inf")))
    KINKS.append(gap.reshape(n, -1).min(dim=1).values)
    return v.gather(-1, first).squeeze(-1)


KINKS = []


def run(model, x, keep=None):
    """Logits of x (the graph up to its Softmax) and the output of node `keep` (None if not asked)."""
    init = {t.name: torch.from_numpy(numpy_helper.to_array(t).astype(np.float64)) for t in model.graph.initializer}
    env = {model.graph.input[0].name: x}
    kept = None
    nodes = list(model.graph.node)
    for node in nodes:
        if node.op_type == "Softmax":
            return env[node.input[0]], kept
        ins = [env[i] if i in env else init[i] for i in node.input]
        a = attrs(node)
        op = node.op_type
        if op == "Conv":
            p = a.get("pads", [0, 0, 0, 0])
            y = F.conv2d(ins[0], ins[1], ins[2] if len(ins) > 2 else None, stride=tuple(a.get("strides", [1, 1])), padding=(p[0], p[1]))
        elif op == "MaxPool":
            y = max_pool_first(ins[0], a["kernel_shape"][0])
        elif op == "AveragePool":
            y = F.avg_pool2d(ins[0], tuple(a["kernel_shape"]), tuple(a.get("strides", a["kernel_shape"])))
        elif op == "GlobalAveragePool":
            y = ins[0].mean(dim=(2, 3), keepdim=True)
        elif op == "Relu":
            y = F.relu(ins[0])
        elif op == "Tanh":
            y = torch.tanh(ins[0])
        elif op == "Sigmoid":
            y = torch.sigmoid(ins[0])
        elif op == "Flatten":
            y = ins[0].flatten(a.get("axis", 1))
        elif op == "Gemm":
            w = ins[1].t() if a.get("transB", 0) else ins[1]
            y = a.get("alpha", 1.0) * ins[0] @ w + (a.get("beta", 1.0) * ins[2] if len(ins) > 2 else 0)
        elif op == "Mul":
            y = ins[0] * ins[1]
        elif op == "Add":
            y = ins[0] + ins[1]
        else:
            raise SystemExit("attribution_peer.py: no mapping for ONNX op " + op)
        env[node.output[0]] = y
        if node.name == keep:
            kept = y
    raise SystemExit("attribution_peer.py: the graph has no Softmax")


def main(argv):
    model = onnx.load(argv[1])
    n, rows, cols = int(argv[3]), int(argv[4]), int(argv[5])
    images = np.fromfile(argv[2], dtype="<f4").reshape(n, 1, rows, cols).astype(np.float64)
    x = torch.from_numpy(images).requires_grad_(True)
    logits, _ = run(model, x)
    logp = F.log_softmax(logits, dim=1)
    predicted = logp.argmax(1)
    logp.gather(1, predicted[:, None]).sum().backward()
    x.grad.numpy().astype("<f4").tofile(argv[6])
    gaps = torch.stack(KINKS).min(dim=0).values if KINKS else torch.full((n,), float("inf"), dtype=torch.float64)
    gaps.numpy().astype("<f4").tofile(argv[6] + ".gaps")
    if len(argv) > 8:
        nodes = list(model.graph.node)
        conv = next(i for i, nd in enumerate(nodes) if nd.name == argv[7])
        keep = nodes[conv + 1].name if conv + 1 < len(nodes) and nodes[conv + 1].op_type in ("Relu", "Tanh", "Sigmoid") else argv[7]
        x2 = torch.from_numpy(images).requires_grad_(True)
        logits, maps = run(model, x2, keep)
        maps.retain_grad()
        logits.gather(1, predicted[:, None]).sum().backward()
        alpha = maps.grad.mean(dim=(2, 3), keepdim=True)
        cam = F.relu((alpha * maps).sum(dim=1, keepdim=True))
        cam = F.interpolate(cam, size=(rows, cols), mode="bilinear", align_corners=False)
        cam.detach().numpy().astype("<f4").tofile(argv[8])
        # HiResCAM (Draelos and Carin 2020): the maps times their gradient element-wise, summed over channels
        hires = F.relu((maps.grad * maps).sum(dim=1, keepdim=True))
        hires = F.interpolate(hires, size=(rows, cols), mode="bilinear", align_corners=False)
        hires.detach().numpy().astype("<f4").tofile(argv[8] + ".hires")
    print(json.dumps({"predicted": predicted.tolist(), "torch": torch.__version__}))


if __name__ == "__main__":
    main(sys.argv)
