import torch
import torch.nn as nn
import torch.nn.functional as F


class FashionNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden1 = nn.Linear(in_features=784, out_features=256)
        self.hidden2 = nn.Linear(in_features=256, out_features=64)
        self.output = nn.Linear(in_features=64, out_features=10)

    def forward(self, x):
        x = x.reshape(x.shape[0], -1)
        x = self.hidden1(x).relu()
        x = F.dropout(x, 0.3, self.training)
        x = self.hidden2(x).sigmoid()
        x = self.output(x)
        x = x.softmax(dim=-1)
        return x


model = FashionNet()
