"""PyTorch's own view of the import corpus: for each file in tests/web/model/corpus/expected.json
whose "torch" field is true, run the file with PyTorch, take the model the table names, and
print its parameter count, its output shape for a zero input of the table's input shape, and
its leaf module names, as one JSON object. Run with Debian's /usr/bin/python3 and
python3-torch; tests/web/model/import-torch.test.ts compares this with the importer.

Exits with status 3 and a message when torch is not installed."""
import contextlib
import io
import json
import os
import sys

try:
    import torch
except ImportError:
    print("torch is not installed: apt-get install --no-install-recommends python3-torch", file=sys.stderr)
    sys.exit(3)

CORPUS = os.path.join(os.path.dirname(__file__), "..", "web", "model", "corpus")


def pick(namespace, name):
    # "Net()" names a class the importer instantiated with its defaults.
    if name.endswith("()"):
        return namespace[name[:-2]]()
    return namespace[name]


def main():
    torch.manual_seed(0)
    with open(os.path.join(CORPUS, "expected.json")) as f:
        table = json.load(f)
    out = {}
    for entry in table:
        if entry["torch"] is not True:
            continue
        path = os.path.join(CORPUS, entry["file"])
        namespace = {"__name__": "corpus", "__file__": path}
        with open(path) as f:
            source = f.read()
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(source, path, "exec"), namespace)
            model = pick(namespace, entry["model"])
            model.eval()
            with torch.no_grad():
                y = model(torch.zeros(entry["input"]))
            out[entry["file"]] = {
                "parameters": sum(p.numel() for p in model.parameters()),
                "output": list(y.shape),
                "modules": [n for n, m in model.named_modules() if n and not list(m.children())],
            }
        except Exception as error:  # reported per file, the others still run
            out[entry["file"]] = {"error": f"{type(error).__name__}: {error}"}
    print(json.dumps(out, indent=1, sort_keys=True))


main()
