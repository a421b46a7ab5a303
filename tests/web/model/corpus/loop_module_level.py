import torch.nn as nn

sizes = [784, 256, 64, 10]

layers = []
for n_in, n_out in zip(sizes[:-1], sizes[1:]):
    layers.append(nn.Linear(n_in, n_out))
    layers.append(nn.ReLU())

head = nn.Sequential(nn.Linear(10, 10), nn.Softmax(dim=1))
model = nn.Sequential(*layers)
