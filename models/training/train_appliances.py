"""Trains the global appliance classifier: which appliance made a run (kettle, microwave, dishwasher,
washing machine) or none of them ("other"), from what every meter gives (ClassifierFeatures.java:
ON and OFF step, duration, hour of day, weekend). Leaves one house out: each fold's model goes to
models/eval/appliance-classifier-<version>/without-<house> (and, for the open set, one model per
class never seen: without-<house>-no-<class>), scored by `wattflow eval appliances` on the house it
never saw; the shipped model (all houses) to the jar's resources, with its parity vectors.

    ./wattflow eval appliances --write-runs /tmp/appliance-runs      # the runs, as the stream finds them
    /usr/bin/python3 models/training/train_appliances.py --runs /tmp/appliance-runs

Nothing is chosen on a held-out house. The network, epochs, learning rate and class weights are fixed
here; the one choice, the probability below which a run stays "unknown", is made per model on its own
training houses: each training house's first 70 % of runs (in time) train a model, its last 30 %
score every threshold, and the threshold with the best macro F1 over those last parts is kept; the
model is then trained again on all its training runs.
"""
import argparse
import os
import sys

import numpy as np
import torch
from torch import nn

from export_onnx import write_manifest, write_model, write_parity

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS_DIR = os.path.join(HERE, "../src/main/resources/models")
EVAL_DIR = os.path.join(HERE, "../eval")
NAME = "appliance-classifier"
VERSION = "1.0.0"
CLASSES = ["other", "kettle", "microwave", "dishwasher", "washing_machine"]
# The houses' own channel names for the classes (REDD: "washer_dryer", "dishwaser" as in its labels.dat).
ALIASES = {"washer_dryer": "washing_machine", "dishwaser": "dishwasher"}
FEATURES = ["on_step_log10_w", "off_step_log10_w", "duration_log10_s", "off_over_on", "hour_sin", "hour_cos", "weekend"]
THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
EPOCHS = 40
BATCH = 256
torch.set_num_threads(1)


class House:
    def __init__(self, name, start, y, x):
        self.name, self.start, self.y, self.x = name, start, y, x

    def part(self, mask):
        return House(self.name, self.start[mask], self.y[mask], self.x[mask])


def read_house(path):
    name = os.path.basename(path)[len("runs-"):-len(".csv")]
    with open(path) as f:
        header = f.readline().strip().split(",")
        if header[2:] != FEATURES:
            sys.exit(f"{path}: features {header[2:]} are not {FEATURES}; write the runs again with this version of wattflow.")
        rows = [line.strip().split(",") for line in f if line.strip()]
    start = np.array([int(r[0]) for r in rows], dtype=np.int64)
    y = np.array([CLASSES.index(ALIASES.get(r[1], r[1])) if ALIASES.get(r[1], r[1]) in CLASSES else 0 for r in rows])
    x = np.array([[float(v) for v in r[2:]] for r in rows], dtype=np.float32)
    return House(name, start, y, x)


class RunClassifier(nn.Module):
    """A small MLP over the normalised features; class probabilities out. Input [batch, features, 1] as the manifest says."""

    def __init__(self, features=len(FEATURES), classes=len(CLASSES), hidden=32):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                 nn.Linear(hidden, classes))

    def logits(self, x):
        return self.net(x.reshape(x.shape[0], -1))

    def forward(self, x):
        return torch.softmax(self.logits(x), dim=1)


def normalisation(x):
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    return mean, scale


def fit(houses, seed=7):
    """A model on the runs of `houses`; returns (model, mean, scale)."""
    x = np.concatenate([h.x for h in houses])
    y = np.concatenate([h.y for h in houses])
    mean, scale = normalisation(x)
    xt = torch.tensor(((x - mean) / scale)[:, :, None], dtype=torch.float32)
    yt = torch.tensor(y, dtype=torch.long)
    counts = np.bincount(y, minlength=len(CLASSES)).astype(np.float64)
    # Rare classes weigh more, by the square root of their rarity (fixed, not tuned); a class with no
    # run in training (the open set) gets weight 0 and so is never learned.
    weights = np.where(counts > 0, np.sqrt(counts.sum() / np.maximum(counts, 1)), 0.0)
    torch.manual_seed(seed)
    model = RunClassifier()
    optimiser = torch.optim.Adam(model.parameters(), lr=0.003, weight_decay=1e-4)
    loss = nn.CrossEntropyLoss(weight=torch.tensor(weights / weights[counts > 0].mean(), dtype=torch.float32))
    order = torch.Generator().manual_seed(seed)
    for _ in range(EPOCHS):
        for batch in torch.randperm(len(yt), generator=order).split(BATCH):
            optimiser.zero_grad()
            loss(model.logits(xt[batch]), yt[batch]).backward()
            optimiser.step()
    model.eval()
    return model, mean, scale


def probabilities(model, mean, scale, x):
    with torch.no_grad():
        return model(torch.tensor(((x - mean) / scale)[:, :, None], dtype=torch.float32)).numpy()


def decide(p, threshold):
    """As the stream does: the most likely class if it is an appliance and at least `threshold` likely, else -1 (unknown)."""
    best = p.argmax(axis=1)
    return np.where((best > 0) & (p.max(axis=1) >= threshold), best, -1)


def macro_f1(y, predicted, classes):
    f1s = []
    for c in classes:
        tp = np.sum((y == c) & (predicted == c))
        fp = np.sum((y != c) & (predicted == c))
        fn = np.sum((y == c) & (predicted != c))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s)) if f1s else 0.0


def choose_threshold(houses):
    """The threshold with the best macro F1 on the last 30 % (in time) of each training house, from a model of the first 70 %."""
    early, late = [], []
    for h in houses:
        cut = np.quantile(h.start, 0.7)
        early.append(h.part(h.start <= cut))
        late.append(h.part(h.start > cut))
    model, mean, scale = fit(early)
    y = np.concatenate([h.y for h in late])
    p = probabilities(model, mean, scale, np.concatenate([h.x for h in late]))
    classes = [c for c in range(1, len(CLASSES)) if np.sum(y == c) > 0]
    scores = [macro_f1(y, decide(p, t), classes) for t in THRESHOLDS]
    return THRESHOLDS[int(np.argmax(scores))], max(scores)


def export(model, mean, scale, threshold, directory, held_out=None, parity=False):
    example = torch.zeros((1, len(FEATURES), 1), dtype=torch.float32)
    sha = write_model(model, example, directory, NAME, "class_probability")
    manifest = {
        "name": NAME, "version": VERSION,
        "description": "Which appliance made a run (or none of them: other), from its ON and OFF step, duration, hour of day "
                       "and weekend; a run is named when its most likely class is an appliance at least `threshold` likely.",
        "method": "MLP (7-32-32-5) on run features", "file": NAME + ".onnx", "sha256": sha,
        "inputs": [{"name": "window", "shape": [-1, len(FEATURES), 1], "type": "float32"}],
        "outputs": [{"name": "class_probability", "shape": [-1, len(CLASSES)], "type": "float32", "unit": "probability"}],
        "window": {"length": 1, "stride": 1, "samplePeriod": "PT0S"},
        "features": [{"name": n, "mean": float(m), "scale": float(s)} for n, m, s in zip(FEATURES, mean, scale)],
        "classes": CLASSES,
        "threshold": threshold,
    }
    if held_out:
        manifest["heldOutHomes"] = held_out
    write_manifest(directory, NAME, manifest)
    if parity:
        rng = np.random.default_rng(11)
        write_parity(model, rng.normal(0, 1.5, (6, len(FEATURES), 1)).astype(np.float32), NAME)


def train_and_export(houses, directory, held_out=None, parity=False):
    threshold, inner = choose_threshold(houses)
    model, mean, scale = fit(houses)
    export(model, mean, scale, threshold, directory, held_out, parity)
    return threshold, inner


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", required=True, help="folder written by `wattflow eval appliances --write-runs`")
    p.add_argument("--folds-only", action="store_true", help="do not train and ship the all-houses model")
    args = p.parse_args()
    houses = [read_house(os.path.join(args.runs, f)) for f in sorted(os.listdir(args.runs)) if f.startswith("runs-")]
    for h in houses:
        print(h.name, len(h.y), "runs:", {CLASSES[c]: int(n) for c, n in enumerate(np.bincount(h.y, minlength=len(CLASSES)))})
    fold_root = os.path.join(EVAL_DIR, NAME + "-" + VERSION)
    for test in houses:
        train = [h for h in houses if h is not test]
        t, inner = train_and_export(train, os.path.join(fold_root, "without-" + test.name), [test.name])
        print(f"without {test.name}: threshold {t} (inner macro F1 {inner:.3f})")
        for c in range(1, len(CLASSES)):
            # Open set: the class never seen in training (its runs left out), chosen and trained as any model.
            no_c = [h.part(h.y != c) for h in train]
            t, _ = train_and_export(no_c, os.path.join(fold_root, f"without-{test.name}-no-{CLASSES[c]}"), [test.name])
            print(f"  without {CLASSES[c]}: threshold {t}")
    if not args.folds_only:
        t, inner = train_and_export(houses, MODELS_DIR, parity=True)
        print(f"shipped: threshold {t} (inner macro F1 {inner:.3f})")


if __name__ == "__main__":
    main()
