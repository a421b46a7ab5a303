import torch.nn as nn

encoder = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Linear(256, 32),
)
decoder = nn.Sequential(
    nn.Linear(32, 256),
    nn.ReLU(),
    nn.Linear(256, 784),
    nn.Sigmoid(),
)
autoencoder = nn.Sequential(encoder, decoder)
