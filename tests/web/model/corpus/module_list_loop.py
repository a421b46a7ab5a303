import torch.nn as nn
import torch.nn.functional as F


class MLP(nn.Module):
    def __init__(self, sizes=(784, 256, 128, 10)):
        super().__init__()
        self.input = nn.Linear(784, 256)
        self.hidden = nn.ModuleList()
        for k in range(len(sizes) - 3):
            self.hidden.append(nn.Linear(sizes[k + 1], sizes[k + 2]))
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.input(x))
        for layer in self.hidden:
            x = F.relu(layer(x))
        return self.out(x)


model = MLP()
