import torch.nn as nn

layers = []
layers.append(nn.Linear(784, 256))
layers.append(nn.ReLU())
layers.append(nn.Dropout(0.4))
layers += [nn.Linear(256, 64), nn.ReLU()]
layers.extend([nn.Linear(64, 10)])
model = nn.Sequential(*layers)
