# The learner's notebook for the "Check your layer" tests: the course's layers in its API
# (as tests/python/course_layers.py: Tensors with .data, weight (in, out), LeCun init, Dropout
# with 1/(1-p) and a training flag), each named bug switchable. Reads [{code, bug, seed}] as
# JSON on stdin, runs each case's code with those layers, prints what each printed as JSON.
import contextlib, io, json, sys
import numpy as np

class Tensor:
    def __init__(self, data):
        self.data = np.asarray(data, dtype=np.float64)

def layers(bug, seed):
    class Linear:
        def __init__(self, fan_in, fan_out, bias=True):
            std = np.sqrt(1 / fan_in)
            if bug == 'init-variance-as-std': std = np.sqrt(std)
            self.weight = Tensor(np.random.default_rng(seed).standard_normal((fan_in, fan_out)) * std)
            self.bias = Tensor(np.zeros(fan_out))
        def forward(self, x):
            W, b = self.weight.data, self.bias.data
            if bug == 'w-transposed': return x @ W.T + b
            if bug == 'bias-missing': return x @ W
            if bug == 'bias-twice': return x @ W + b + b
            return x @ W + b
        def parameters(self):
            return [self.weight] if bug == 'params-missing-bias' else [self.weight, self.bias]
    def relu(x): return np.maximum(0, x)
    def sigmoid(x): return 1 / (1 + np.exp(-x))
    class ReLU:
        def forward(self, x): return sigmoid(x) if bug == 'activation-swapped' else relu(x)
    class Sigmoid:
        def forward(self, x): return relu(x) if bug == 'activation-swapped' else sigmoid(x)
    class Dropout:
        def __init__(self, p):
            self.p = p
            self.rng = np.random.default_rng(seed)
        def forward(self, x, training=True):
            if not training and bug != 'dropout-on-at-inference':
                return x / (1 - self.p) if bug == 'dropout-scaled-at-inference' else x
            u = self.rng.random(x.shape)
            mask = (u < self.p) if bug == 'dropout-keeps-p' else (u >= self.p)
            scale = 1.0 if bug == 'dropout-no-scale' else 1 / (1 - self.p)
            return x * mask * scale
    return {'Linear': Linear, 'ReLU': ReLU, 'Sigmoid': Sigmoid, 'Dropout': Dropout}

out = []
for job in json.load(sys.stdin):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(job['code'], layers(job['bug'], job['seed']))
    out.append(buf.getvalue())
print(json.dumps(out))
