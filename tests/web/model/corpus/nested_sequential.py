import torch
import torch.nn as nn

features = nn.Sequential(
    nn.Linear(784, 512),
    nn.ReLU(),
    nn.Sequential(nn.Linear(512, 256), nn.ReLU()),
)
classifier = nn.Sequential(
    nn.Dropout(0.5),
    nn.Linear(256, 10),
)
model = nn.Sequential(features, classifier)
y = model(torch.zeros(8, 784))
