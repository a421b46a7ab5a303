"""A stand-in for the course module's layer library, written from the API its pages give and
nothing more, so that code exported in "course style" is tested against what a learner has:

- Tensor: .data is a NumPy array.
- Linear(in_features, out_features, bias=True): weight (in, out), bias (out,); LeCun init,
  weight ~ N(0, 1/in), bias 0; no init option. forward(x) = x @ W + b.
- Dropout(p): forward(x, training=True); inverted dropout (survivors scaled by 1/(1-p)),
  the identity when not training.
- Sequential(*layers) or Sequential([layers]): forward(x) calls layer.forward(x) for each
  layer, with no training argument; parameters() lists the layers' Tensors.
- ReLU(), Sigmoid(), Tanh(), Softmax() (over the last axis): forward(x).
No Flatten and no init schemes: the course has none.

Dropout also records the mode of each call (`calls`), so tests can see which mode it ran in."""
import numpy as np


class Tensor:
    def __init__(self, data):
        self.data = np.asarray(data, dtype=np.float64)


class Linear:
    def __init__(self, in_features, out_features, bias=True):
        self.weight = Tensor(np.random.randn(in_features, out_features) * np.sqrt(1 / in_features))
        self.bias = Tensor(np.zeros(out_features)) if bias else None

    def forward(self, x):
        y = x @ self.weight.data
        return y if self.bias is None else y + self.bias.data

    def parameters(self):
        return [self.weight] if self.bias is None else [self.weight, self.bias]


class Dropout:
    def __init__(self, p=0.5):
        self.p = p
        self.calls = []

    def forward(self, x, training=True):
        self.calls.append(training)
        if not training:
            return x
        mask = np.random.rand(*x.shape) >= self.p
        return x * mask / (1 - self.p)


class ReLU:
    def forward(self, x):
        return np.maximum(x, 0)


class Sigmoid:
    def forward(self, x):
        return 1 / (1 + np.exp(-x))


class Tanh:
    def forward(self, x):
        return np.tanh(x)


class Softmax:
    def forward(self, x):
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)


class Sequential:
    def __init__(self, *layers):
        if len(layers) == 1 and isinstance(layers[0], (list, tuple)):
            layers = layers[0]
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def parameters(self):
        return [p for layer in self.layers if hasattr(layer, "parameters") for p in layer.parameters()]
