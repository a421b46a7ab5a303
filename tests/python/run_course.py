"""Runs course-style code (tests/web/model/export-course-run.test.ts) against course_layers.py.

Reads a JSON list of {"code", "forward"} from stdin. For each: exec the code in a fresh
namespace holding the stand-in classes, keep y, run the forward lines again on the same x
and layers, and report y's shape, the parameter count, what the code printed, whether the
two forwards agree, and the modes each Dropout ran in. Prints one JSON list."""
import contextlib
import io
import json
import os
import sys
import traceback

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import course_layers  # noqa: E402

API = ["Tensor", "Linear", "Dropout", "ReLU", "Sigmoid", "Tanh", "Softmax", "Sequential"]


def run(case):
    ns = {name: getattr(course_layers, name) for name in API}
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), np.errstate(over="ignore"):
            exec(case["code"], ns)
            first = np.array(ns["y"], copy=True)
            exec(case["forward"], ns)
        again = ns["y"]
        return {
            "shape": list(first.shape),
            "parameters": int(sum(p.data.size for p in ns["model"].parameters())),
            "printed": printed.getvalue().splitlines(),
            "same": bool(np.array_equal(first, again, equal_nan=True)),
            "dropoutModes": [c for layer in ns["layers"] if isinstance(layer, course_layers.Dropout) for c in layer.calls],
        }
    except Exception:
        return {"error": traceback.format_exc(limit=2)}


def main():
    np.random.seed(0)
    print(json.dumps([run(case) for case in json.load(sys.stdin)]))


if __name__ == "__main__":
    main()
