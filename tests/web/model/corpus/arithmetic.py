import torch.nn as nn

hidden = 256
image_size = 28
channels = 1

model = nn.Sequential(
    nn.Linear(channels * image_size * image_size, hidden),
    nn.ReLU(),
    nn.Linear(hidden, hidden // 2),
    nn.ReLU(),
    nn.Linear((hidden // 2), int(hidden / 4)),
    nn.ReLU(),
    nn.Dropout(0.1 + 0.15),
    nn.Linear(hidden // 4, 2 ** 4 - 6),
    nn.Softmax(dim=-1),
)
