"""Exports a trained module to ONNX beside its manifest (and, for shipped models, parity vectors
that the Java test replays through ONNX Runtime)."""
import hashlib
import json
import os

import numpy as np
import torch

import heatpump_models as m

VERSION = "1.0.0"   # a model whose behaviour changes gets its own version in SPECS
FEATURES = [
    {"name": "energy_kwh", "unit": "kWh per 15 min", "mean": 0.0, "scale": m.ENERGY_SCALE},
    {"name": "outdoor_temperature_c", "unit": "degC", "mean": m.TEMP_MEAN, "scale": m.TEMP_SCALE},
]
SPECS = {
    "heatpump-detection": {
        # 1.1.0: trained with large loads that do not follow the cold in the composed windows, and chosen counting
        # large loads made from the held-out homes (1.0.0: without either)
        "version": "1.1.0",
        "description": "Probability that the meter has a heat pump, from 7 days of 15-min energy and outdoor temperature.",
        "window": m.DETECTION_WINDOW, "stride": 96, "output": "probability", "output_shape": [-1, 1],
        "unit": "probability", "threshold": 0.5},
    "heatpump-detection-logistic": {
        "description": "Logistic regression on handcrafted features (the simple method), same input.",
        "window": m.DETECTION_WINDOW, "stride": 96, "output": "probability", "output_shape": [-1, 1],
        "unit": "probability", "threshold": 0.5},
    "heatpump-disaggregation": {
        # 1.1.0: night 22:00-06:00 and the cap at the largest night excess (1.0.0: seven nights, 00:00-05:00, no cap)
        "version": "1.1.0",
        "description": "The heat pump's energy in each 15-min interval of a day, from the meter's energy and outdoor temperature.",
        "window": m.DISAGG_WINDOW, "stride": m.DISAGG_WINDOW, "output": "heat_pump_kwh",
        "output_shape": [-1, m.DISAGG_WINDOW], "unit": "kWh per 15 min"},
    "heatpump-disaggregation-cnn": {
        "description": "CNN correcting the night-baseload rule: the heat pump's energy in each 15-min interval of a day.",
        "window": m.DISAGG_WINDOW, "stride": m.DISAGG_WINDOW, "output": "heat_pump_kwh",
        "output_shape": [-1, m.DISAGG_WINDOW], "unit": "kWh per 15 min"},
}


def parity_inputs(length, n=4, seed=11):
    """Plausible windows from a seeded generator (no recording is copied into the repository)."""
    rng = np.random.default_rng(seed)
    t = np.arange(length)
    xs = []
    for i in range(n):
        temp = 4 + 5 * np.sin(2 * np.pi * (t / 96.0 - 0.3)) + rng.normal(0, 1, length) - 2 * i
        kwh = rng.gamma(1.5, 0.05 * (i + 1), length) + (0.3 * (temp < 5) * (rng.random(length) < 0.5) if i % 2 else 0)
        xs.append(np.stack([kwh / m.ENERGY_SCALE, (temp - m.TEMP_MEAN) / m.TEMP_SCALE]))
    return np.asarray(xs, dtype=np.float32)


PARITY_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../src/test/resources/parity")


def write_model(model, example, directory, name, output_name):
    """Exports `model` as <name>.onnx in `directory`, the batch dimension dynamic; returns the file's sha256."""
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, name + ".onnx")
    torch.onnx.export(model, example, path, input_names=["window"], output_names=[output_name],
                      dynamic_axes={"window": {0: "batch"}, output_name: {0: "batch"}}, opset_version=13)
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_manifest(directory, name, manifest):
    with open(os.path.join(directory, name + ".manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def write_parity(model, x, name):
    """What torch says for the inputs `x`, for ShippedModelParityTest to replay through ONNX Runtime in Java."""
    with torch.no_grad():
        y = model(torch.tensor(x)).numpy()
    os.makedirs(PARITY_DIR, exist_ok=True)
    with open(os.path.join(PARITY_DIR, name + ".parity.json"), "w") as f:
        json.dump({"inputShape": list(x.shape), "input": [round(float(v), 6) for v in x.ravel()],
                   "outputShape": list(y.shape), "output": [float(v) for v in y.ravel()]}, f)


def export(model, name, directory, held_out=None, parity=False, method=None):
    spec = dict(SPECS[name])
    # A model may read a longer window than its task's default (the 7-night rule reads a week).
    spec["window"] = getattr(model, "window", spec["window"])
    example = torch.tensor(parity_inputs(spec["window"], 1))
    sha = write_model(model, example, directory, name, spec["output"])
    manifest = {
        "name": name, "version": spec.get("version", VERSION), "description": spec["description"], "file": name + ".onnx",
        "sha256": sha,
        "inputs": [{"name": "window", "shape": [-1, 2, spec["window"]], "type": "float32"}],
        "outputs": [{"name": spec["output"], "shape": spec["output_shape"], "type": "float32",
                     "unit": spec["unit"]}],
        "window": {"length": spec["window"], "stride": spec["stride"], "samplePeriod": "PT15M"},
        "features": FEATURES,
    }
    manifest["method"] = method or type(model).__name__
    if "threshold" in spec:
        manifest["threshold"] = spec["threshold"]
    if held_out:
        manifest["heldOutHomes"] = held_out
    write_manifest(directory, name, manifest)
    if parity:
        write_parity(model, parity_inputs(spec["window"]), name)
    return os.path.join(directory, name + ".onnx")
