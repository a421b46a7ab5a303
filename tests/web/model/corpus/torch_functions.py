import torch
import torch.nn as nn


class TinyNet(nn.Module):
    def __init__(self, n_in=64, n_hidden=32, n_out=4):
        super().__init__()
        self.l1 = nn.Linear(n_in, n_hidden)
        self.l2 = nn.Linear(n_hidden, n_hidden)
        self.l3 = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = torch.relu(self.l1(x))
        x = torch.tanh(self.l2(x))
        x = torch.sigmoid(self.l3(x))
        return torch.softmax(x, dim=1)


model = TinyNet()
out = model(torch.randn(16, 8, 8))
