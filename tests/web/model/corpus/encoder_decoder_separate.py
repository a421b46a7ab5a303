import torch
import torch.nn as nn

latent_dim = 16

# Two separate models, trained together
encoder = nn.Sequential(
    nn.Linear(784, 128),
    nn.Tanh(),
    nn.Linear(128, latent_dim),
)

decoder = nn.Sequential(
    nn.Linear(latent_dim, 128),
    nn.Tanh(),
    nn.Linear(128, 784),
    nn.Sigmoid(),
)

params = list(encoder.parameters()) + list(decoder.parameters())
optimizer = torch.optim.Adam(params, lr=1e-3)
