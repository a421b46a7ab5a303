import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self, n_in=100, n_hidden=50, n_out=5):
        super().__init__()
        self.fc1 = nn.Linear(n_in, n_hidden)
        self.act = nn.Tanh()
        self.fc2 = nn.Linear(n_hidden, n_out, bias=False)
        nn.init.xavier_uniform_(self.fc1.weight)
        nn.init.zeros_(self.fc1.bias)
        nn.init.kaiming_normal_(self.fc2.weight, nonlinearity="relu")

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


clf = Classifier()
clf.eval()
