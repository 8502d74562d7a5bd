"""PyTorch speed peer for `npm run bench` (not a dependency of Coherence Lab).

Times, on the first B MNIST training images, the same models as bench/gradientStepBench.ts:
- plain: one SGD step on the mean cross-entropy (zero_grad, backward, step);
- perSample: functorch vmap(grad) per-example gradients, batch m-coherence ||sum g||^2 / sum ||g||^2
  read back to the host, then the SGD update with the summed gradient / B (not for mlpWide:
  its B per-example gradients are 128 x 1.6M floats, ~0.8 GB, and take seconds per step).
Prints one JSON object. Usage: torchPeer.py MNIST_DIR BATCH REPS WARMUP
"""
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F
from functorch import grad, make_functional_with_buffers, vmap
from torch import nn

THREADS = 2
LR = 0.01


def read_mnist(directory, count):
    with open(f"{directory}/train-images-idx3-ubyte", "rb") as f:
        f.seek(16)
        pixels = torch.frombuffer(bytearray(f.read(count * 784)), dtype=torch.uint8)
    with open(f"{directory}/train-labels-idx1-ubyte", "rb") as f:
        f.seek(8)
        labels = torch.frombuffer(bytearray(f.read(count)), dtype=torch.uint8)
    return pixels.float().div(255).reshape(count, 1, 28, 28), labels.long()


def mlp(hidden):
    layers, width = [nn.Flatten()], 784
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU()]
        width = h
    return nn.Sequential(*layers, nn.Linear(width, 10))


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10),
    )


def median_ms(step, reps, warmup):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def plain_step(model, x, y):
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)

    def step():
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()

    return step


def per_sample_step(model, x, y):
    fmodel, params, buffers = make_functional_with_buffers(model)

    def example_loss(params, buffers, xi, yi):
        return F.cross_entropy(fmodel(params, buffers, xi.unsqueeze(0)), yi.unsqueeze(0))

    per_example_grads = vmap(grad(example_loss), in_dims=(None, None, 0, 0))

    def step():
        grads = per_example_grads(params, buffers, x, y)
        summed = [g.sum(0) for g in grads]
        n = sum((s * s).sum() for s in summed)
        q = sum((g * g).sum() for g in grads)
        if not torch.isfinite(n / q).item():
            raise RuntimeError("batch m-coherence is not finite")
        with torch.no_grad():
            for p, s in zip(params, summed):
                p.sub_(s, alpha=LR / x.shape[0])

    return step


def main():
    directory, batch, reps, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(THREADS)
    torch.manual_seed(1)
    x, y = read_mnist(directory, batch)
    models = {"mlp": lambda: mlp([256, 256]), "cnn": cnn, "mlpWide": lambda: mlp([2048])}
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "batch": batch}
    for name, build in models.items():
        out[name] = {"plainMs": median_ms(plain_step(build(), x, y), reps, warmup)}
        if name != "mlpWide":
            out[name]["perSampleMs"] = median_ms(per_sample_step(build(), x, y), max(3, reps // 3), 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
