#!/usr/bin/env python3
"""Checks a Transfer Studio Keras export in real Keras, where Keras 3 is installed.

  python3 scripts/verify-keras.py <keras-export-folder>...

Each folder holds model.keras plus verify-inputs.npy (a few of the images the export was checked
on, already preprocessed) and verify-expected.npy (the app's probabilities for them). With Keras 3
(any backend: pip install keras jax, or keras tensorflow), the model is loaded with
keras.saving.load_model and must agree with the app: the same top-1 class for every image and
probabilities within 1e-4. Without Keras, h5py (Debian: python3-h5py) checks the file's layout
instead: config.json parses, every layer has its layers/<name>/vars group. Exits 1 if a check
fails; says which tools are missing instead of failing on them.
"""
import io
import json
import os
import sys
import zipfile


def check_layout(path):
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        for required in ("metadata.json", "config.json", "model.weights.h5"):
            if required not in names:
                print(f"  missing {required} in {path}")
                return False
        config = json.loads(archive.read("config.json"))
        metadata = json.loads(archive.read("metadata.json"))
        layers = config["config"]["layers"]
        print(f"  config.json: {config['class_name']} with {len(layers)} layers; keras_version {metadata['keras_version']}")
        try:
            import h5py
        except ImportError:
            print("  skipped the HDF5 check: python3-h5py is not installed")
            return True
        with h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r") as weights:
            groups = list(weights["layers"].keys())
            variables = sum(len(weights["layers"][g]["vars"]) for g in groups)
            print(f"  model.weights.h5: {len(groups)} layer groups, {variables} variables")
            if len(groups) != len(layers):
                print(f"  {len(layers)} layers in config.json but {len(groups)} weight groups")
                return False
    return True


def check_predictions(folder, path):
    try:
        import keras
        import numpy as np
    except ImportError:
        print("  skipped the prediction check: Keras 3 is not installed (pip install keras jax)")
        return True
    model = keras.saving.load_model(path)
    inputs = np.load(os.path.join(folder, "verify-inputs.npy"))
    expected = np.load(os.path.join(folder, "verify-expected.npy"))
    actual = np.asarray(model.predict(inputs, verbose=0))
    agreement = float((actual.argmax(axis=1) == expected.argmax(axis=1)).mean())
    difference = float(np.abs(actual - expected).max())
    print(f"  Keras {keras.__version__} ({keras.backend.backend()}): top-1 agreement {agreement:.2%}, largest difference {difference:.2e}")
    return agreement >= 0.999 and difference < 1e-4


def main(folders):
    if not folders:
        print(__doc__)
        return 2
    ok = True
    for folder in folders:
        path = os.path.join(folder, "model.keras")
        print(path)
        if not os.path.exists(path):
            print("  no model.keras here")
            ok = False
            continue
        ok = check_layout(path) and check_predictions(folder, path) and ok
    print("all checks passed" if ok else "SOME CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
