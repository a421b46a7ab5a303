import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
)

x = torch.randn(64, 1, 28, 28)
print(model(x).shape)  # torch.Size([64, 10])
