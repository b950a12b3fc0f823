//===- Grad.h - Gradients, Jacobians and Hessians ---------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Theano's `grad`: reverse-mode derivatives of a scalar cost, as Vars like
// any other. `grad` traces a `scan.grad` request; the compiler's
// `scan-differentiate` pass expands it into the backward program (a reverse
// scan for each scan on the way), so gradients compile, run inside scan
// bodies and can be differentiated again:
//
//   Var cost = sum(scan(step, {.sequences = {X}, .outputs_info = {h0},
//                              .non_sequences = {W}}).outputs[0]);
//   std::vector<Var> g = grad(cost, {W, h0});
//
// Inside a scan body, grad() looks through the body's non-sequences to the
// graph that computed them (Theano's seed example: a scan over
// `arange(y.shape[0])` whose body takes `grad(y[i], x)` with `y = x ** 2`).
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_FRONTEND_GRAD_H
#define SCANJIT_FRONTEND_GRAD_H

#include "scanjit/Frontend/Var.h"

#include <source_location>
#include <string>
#include <vector>

namespace scanjit {

/// The derivatives of `cost`, a floating-point scalar, with respect to each
/// of `wrt` (inputs, shared variables, or any Var the cost is computed from:
/// initial states, sequences, non-sequences), each of its wrt's type.
/// `disconnected_inputs` says what happens when the cost does not depend on
/// a wrt value, or when that value is an integer one, as in Theano: "raise"
/// (scanjit::Error), "warn" (a message on stderr) or "ignore"; the gradient
/// is then zeros. Gradients do not flow through stop_gradient().
std::vector<Var>
grad(const Var &cost, const std::vector<Var> &wrt,
     const std::string &disconnected_inputs = "raise",
     std::source_location loc = std::source_location::current());
/// The derivative of `cost` with respect to one Var.
Var grad(const Var &cost, const Var &wrt,
         const std::string &disconnected_inputs = "raise",
         std::source_location loc = std::source_location::current());

/// `x`, as a constant for differentiation: no gradient flows through it
/// (Theano's disconnected_grad and consider_constant, JAX's stop_gradient).
Var stop_gradient(const Var &x,
                  std::source_location loc = std::source_location::current());
/// Theano's name for stop_gradient().
inline Var
disconnected_grad(const Var &x,
                  std::source_location loc = std::source_location::current()) {
  return stop_gradient(x, loc);
}

/// The Jacobian of `expression` with respect to `wrt`: shape
/// `expression.shape + wrt.shape`, entry [i..., j...] the derivative of
/// expression[i...] with respect to wrt[j...]. Computed as Theano does, by a
/// scan over the elements of `expression` taking one gradient per step.
Var jacobian(const Var &expression, const Var &wrt,
             const std::string &disconnected_inputs = "raise",
             std::source_location loc = std::source_location::current());

/// The Hessian of the scalar `cost` with respect to `wrt`: the Jacobian of
/// its gradient, shape `wrt.shape + wrt.shape`.
Var hessian(const Var &cost, const Var &wrt,
            const std::string &disconnected_inputs = "raise",
            std::source_location loc = std::source_location::current());

} // namespace scanjit

#endif // SCANJIT_FRONTEND_GRAD_H
