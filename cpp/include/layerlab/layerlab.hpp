#pragma once
// Everything in the layerlab core.
#include "layerlab/activations.hpp"
#include "layerlab/dropout.hpp"
#include "layerlab/errors.hpp"
#include "layerlab/gemm.hpp"
#include "layerlab/layer.hpp"
#include "layerlab/linear.hpp"
#include "layerlab/random.hpp"
#include "layerlab/sequential.hpp"
#include "layerlab/shape.hpp"
#include "layerlab/summary.hpp"
#include "layerlab/tensor.hpp"
