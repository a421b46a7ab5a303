#pragma once
// Gradient checks against an independent reference: every layer's forward re-written as naive
// loops in double precision, differentiated by central finite differences. The objective is
// f = Σ r ⊙ net(x) for a fixed random r, so dL/dy = r and the analytic side is backward(r).
#include <cmath>
#include <functional>
#include <vector>

#include "test_util.hpp"

namespace layerlab::test {

struct DTensor {  // a double tensor: shape + row-major values
  Shape shape;
  std::vector<double> v;
};

inline DTensor to_double(const Tensor& t) {
  return {shape_of(t), std::vector<double>(t.begin(), t.end())};
}

// Parameters of a network in collect_parameters order, as double copies.
using DParams = std::vector<std::vector<double>>;

inline DParams params_of(Layer& net) {
  std::vector<ParameterRef> refs;
  net.collect_parameters(refs);
  DParams out;
  for (const auto& p : refs) out.emplace_back(p.value, p.value + p.size);
  return out;
}

// The reference forward: interprets the layer (recursively through Sequential) with the given
// parameters; Dropout uses the mask its last training pass drew.
inline DTensor ref_forward(const Layer& layer, DTensor x, const DParams& params, std::size_t& next) {
  if (const auto* seq = dynamic_cast<const Sequential*>(&layer)) {
    for (std::size_t i = 0; i < seq->size(); ++i) x = ref_forward(*seq->at(i), std::move(x), params, next);
    return x;
  }
  if (const auto* lin = dynamic_cast<const Linear*>(&layer)) {
    const std::size_t I = lin->in_features(), O = lin->out_features(), rows = x.v.size() / I;
    const std::vector<double>& W = params[next++];  // (I, O)
    const std::vector<double>* b = lin->has_bias() ? &params[next++] : nullptr;
    DTensor y{x.shape, std::vector<double>(rows * O)};
    y.shape.back() = O;
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t o = 0; o < O; ++o) {
        double acc = b ? (*b)[o] : 0.0;
        for (std::size_t i = 0; i < I; ++i) acc += x.v[r * I + i] * W[i * O + o];
        y.v[r * O + o] = acc;
      }
    return y;
  }
  if (dynamic_cast<const ReLU*>(&layer)) {
    for (double& v : x.v) v = v > 0 ? v : 0;
  } else if (dynamic_cast<const Sigmoid*>(&layer)) {
    for (double& v : x.v) v = 1.0 / (1.0 + std::exp(-v));
  } else if (dynamic_cast<const Tanh*>(&layer)) {
    for (double& v : x.v) v = std::tanh(v);
  } else if (dynamic_cast<const Softmax*>(&layer)) {
    const std::size_t C = x.shape.back();
    for (std::size_t r = 0; r < x.v.size() / C; ++r) {
      double* row = x.v.data() + r * C;
      double peak = row[0], sum = 0;
      for (std::size_t c = 0; c < C; ++c) peak = std::max(peak, row[c]);
      for (std::size_t c = 0; c < C; ++c) sum += (row[c] = std::exp(row[c] - peak));
      for (std::size_t c = 0; c < C; ++c) row[c] /= sum;
    }
  } else if (dynamic_cast<const Flatten*>(&layer)) {
    x.shape = {x.shape[0], x.shape[0] ? x.v.size() / x.shape[0] : 0};
  } else if (const auto* d = dynamic_cast<const Dropout*>(&layer)) {
    const double scale = d->p() >= 1.0 ? 0.0 : 1.0 / (1.0 - d->p());
    for (std::size_t i = 0; i < x.v.size(); ++i) x.v[i] *= d->last_mask().data()[i] * scale;
  } else {
    ADD_FAILURE() << "no reference for " << layer.name();
  }
  return x;
}

inline double objective(const Layer& net, const DTensor& x, const DParams& params, const DTensor& r) {
  std::size_t next = 0;
  const DTensor y = ref_forward(net, x, params, next);
  double f = 0;
  for (std::size_t i = 0; i < y.v.size(); ++i) f += r.v[i] * y.v[i];
  return f;
}

// Central difference of g at every coordinate of `values` (perturbed in place, restored).
inline std::vector<double> numeric_gradient(std::vector<double>& values, const std::function<double()>& g,
                                            double h = 1e-5) {
  std::vector<double> out(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double keep = values[i];
    values[i] = keep + h;
    const double up = g();
    values[i] = keep - h;
    const double down = g();
    values[i] = keep;
    out[i] = (up - down) / (2 * h);
  }
  return out;
}

// |analytic - numeric| <= tol · max(1, max |numeric|), coordinate by coordinate.
inline void expect_gradient(const float* analytic, const std::vector<double>& numeric, double tol,
                            const std::string& what) {
  double scale = 1.0;
  for (double v : numeric) scale = std::max(scale, std::fabs(v));
  for (std::size_t i = 0; i < numeric.size(); ++i) {
    ASSERT_NEAR(analytic[i], numeric[i], tol * scale) << what << " at flat index " << i;
  }
}

// Checks dL/dx and every dL/dparameter of `net` at x, with L = Σ r ⊙ net(x) and r random.
// Inputs are moved away from ReLU's kink, where a finite difference is meaningless.
inline void check_gradients(Layer& net, Tensor x, std::uint64_t seed, double tol = 2e-4) {
  for (float& v : x) v = v >= 0 ? v + 0.05f : v - 0.05f;
  net.zero_grad();
  const Tensor y = net.forward(x, /*training=*/true);
  const Tensor r = random_tensor(shape_of(y), seed);
  const Tensor dx = net.backward(r);
  ASSERT_EQ(shape_of(dx), shape_of(x));

  DTensor dxv = to_double(x);
  const DTensor dr = to_double(r);
  DParams params = params_of(net);
  const auto g = [&] { return objective(net, dxv, params, dr); };
  expect_gradient(dx.data(), numeric_gradient(dxv.v, g), tol, net.name() + " dL/dx");

  std::vector<ParameterRef> refs;
  net.collect_parameters(refs);
  for (std::size_t p = 0; p < refs.size(); ++p) {
    expect_gradient(refs[p].grad, numeric_gradient(params[p], g), tol,
                    refs[p].owner->name() + " dL/d" + refs[p].role);
  }
}

}  // namespace layerlab::test
