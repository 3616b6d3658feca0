#!/usr/bin/env python3
"""Independent checks of Transfer Studio exports with Python tools, where they are installed.

  python3 scripts/verify-exports.py <export-folder>...

For model.onnx: onnx.checker (full check, with shape inference), and onnxruntime if installed
(runs the model on random input and checks the probabilities sum to 1). For Keras-layout .h5
weight files: h5py opens them and lists layer_names/weight_names. Debian packages: python3-onnx,
python3-h5py. Exits 1 if any check fails; says which tools are missing instead of failing on them.
"""
import json
import os
import sys


def check_onnx(path):
    try:
        import onnx
    except ImportError:
        print("  skipped onnx.checker: python3-onnx is not installed")
        return True
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    print(f"  onnx.checker: ok (opset {model.opset_import[0].version}, {len(model.graph.node)} nodes)")
    try:
        import numpy as np
        import onnxruntime as ort
    except ImportError:
        print("  skipped onnxruntime run: onnxruntime is not installed")
        return True
    session = ort.InferenceSession(path)
    # The batch dimension is symbolic ("N"): run one image.
    shape = [d if isinstance(d, int) else 1 for d in session.get_inputs()[0].shape]
    probabilities = session.run(["output"], {"input": np.random.uniform(-1, 1, shape).astype("float32")})[0]
    total = float(probabilities.sum())
    print(f"  onnxruntime: output {list(probabilities.shape)}, probabilities sum to {total:.5f}")
    return abs(total - 1) < 1e-3


def check_h5(path):
    try:
        import h5py
    except ImportError:
        print("  skipped h5py: python3-h5py is not installed")
        return True
    with h5py.File(path, "r") as f:
        root = f["model_weights"] if "model_weights" in f else f
        names = [n.decode() if hasattr(n, "decode") else n for n in root.attrs["layer_names"]]
        weights = sum(len(root[n].attrs["weight_names"]) for n in names)
        print(f"  h5py: {len(names)} layers, {weights} weights")
    return True


def main(folders):
    ok = True
    for folder in folders:
        print(folder)
        report = os.path.join(folder, "transfer-studio.json")
        if os.path.exists(report):
            parity = json.load(open(report)).get("export", {}).get("parity")
            if parity:
                print(f"  app's own parity check: {parity['agreement'] * 100:.2f}% agreement, max difference {parity['maxAbsDifference']:.2e}")
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            try:
                if name.endswith(".onnx"):
                    ok = check_onnx(path) and ok
                elif name.endswith(".h5"):
                    ok = check_h5(path) and ok
            except Exception as error:  # report every failure, then exit non-zero
                print(f"  FAILED {name}: {error}")
                ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
