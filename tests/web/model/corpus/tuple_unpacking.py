import torch
from torch import nn

num_inputs, num_outputs, num_hiddens = 784, 10, 256
dropout1, dropout2 = 0.2, 0.5

net = nn.Sequential(
    nn.Flatten(),
    nn.Linear(in_features=num_inputs, out_features=num_hiddens),
    nn.ReLU(inplace=True),
    nn.Dropout(p=dropout1),
    nn.Linear(num_hiddens, num_hiddens, bias=False),
    nn.ReLU(),
    nn.Dropout(dropout2),
    nn.Linear(num_hiddens, out_features=num_outputs),
)
