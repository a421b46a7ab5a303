import torch
from torch.nn import Linear, ReLU, Sequential, Softmax

model = Sequential(
    Linear(10, 20),
    ReLU(),
    Linear(20, 3),
    Softmax(dim=1),
)
model.eval()
with torch.no_grad():
    print(model(torch.ones(4, 10)))
