//===- Grad.cpp - Gradients, Jacobians and Hessians -----------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// grad() traces a scan.grad request at the end of the current scope; the
// compiler expands it (scan-differentiate). Two things happen first:
//
// * Inside a scan body, the cost may depend on the value differentiated with
//   respect to only through the graph outside the body (Theano's seed
//   example: `y = x ** 2` outside, `grad(y[i], x)` inside, y and x passed as
//   non-sequences). The part of that outer graph between x and y is cloned
//   into the body (EmitGrad.cpp), so that the dependence is visible where
//   the request is expanded; scan-hoist-invariants moves what does not
//   change per step back out.
// * disconnected_inputs: a cost that does not depend on a wrt value, or an
//   integer wrt value, is reported as Theano does.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Grad.h"

#include "Emitter.h"
#include "Tracing.h"
#include "TypeRules.h"

#include "scanjit/Frontend/Ops.h"
#include "scanjit/Frontend/Scan.h"
#include "scanjit/Support/Error.h"

#include <iostream>

using namespace scanjit;
using namespace scanjit::detail;

namespace {

enum class DisconnectedPolicy { Raise, Warn, Ignore };

DisconnectedPolicy parsePolicy(const std::string &policy,
                               const std::source_location &loc) {
  if (policy == "raise")
    return DisconnectedPolicy::Raise;
  if (policy == "warn")
    return DisconnectedPolicy::Warn;
  if (policy == "ignore")
    return DisconnectedPolicy::Ignore;
  throw Error(describeLocation(loc) +
              ": grad: disconnected_inputs must be \"raise\", \"warn\" or "
              "\"ignore\", got \"" +
              policy + "\"");
}

/// Raises or warns, as `policy` says, that a gradient is zeros because of
/// `reason`.
void reportDisconnected(DisconnectedPolicy policy, const std::string &reason,
                        const std::source_location &loc) {
  std::string message =
      describeLocation(loc) + ": grad: " + reason +
      " (pass disconnected_inputs = \"ignore\" or \"warn\" for zeros)";
  if (policy == DisconnectedPolicy::Raise)
    throw Error(message);
  if (policy == DisconnectedPolicy::Warn)
    std::cerr << "warning: " << message << "\n";
}

} // namespace

std::vector<Var> scanjit::grad(const Var &cost, const std::vector<Var> &wrt,
                               const std::string &disconnected_inputs,
                               std::source_location loc) {
  LocationScope location(loc);
  DisconnectedPolicy policy = parsePolicy(disconnected_inputs, loc);
  const TracedPtr &costValue = tracedOf(cost, "grad: the cost");
  if (costValue->type.rank() != 0 || !isFloatingPoint(costValue->type.dtype))
    throw Error(describeLocation(loc) +
                ": grad: the cost must be a floating-point scalar, got " +
                describeType(costValue->type));
  std::shared_ptr<TraceModule> module = costValue->module;
  std::vector<mlir::Value> wrtValues;
  for (size_t i = 0; i < wrt.size(); ++i) {
    const TracedPtr &value =
        tracedOf(wrt[i], "grad: wrt #" + std::to_string(i));
    if (value->module != module)
      throw Error(describeLocation(loc) + ": grad: wrt #" + std::to_string(i) +
                  " belongs to another thread's graph");
    wrtValues.push_back(value->value);
  }

  Emitter emitter = emitterFor(*module);
  mlir::Value costMlir = costValue->value;
  if (module->scopes.size() > 1)
    costMlir = emitter.cloneOuterGraphForGrad(costMlir, wrtValues);

  for (size_t i = 0; i < wrt.size(); ++i) {
    std::string name =
        "wrt #" + std::to_string(i) + " (" + wrt[i].describe() + ")";
    if (!isFloatingPoint(wrt[i].dtype()))
      reportDisconnected(
          policy, name + " is an integer tensor: it has no gradient", loc);
    else if (!emitter.dependsOn(costMlir, wrtValues[i]))
      reportDisconnected(policy, "the cost does not depend on " + name, loc);
  }

  llvm::SmallVector<mlir::Value> results =
      emitter.emitGrad(costMlir, wrtValues);
  std::vector<Var> gradients;
  for (size_t i = 0; i < wrt.size(); ++i)
    gradients.push_back(makeVar(module, results[i], wrt[i].type()));
  return gradients;
}

Var scanjit::grad(const Var &cost, const Var &wrt,
                  const std::string &disconnected_inputs,
                  std::source_location loc) {
  return grad(cost, std::vector<Var>{wrt}, disconnected_inputs, loc).front();
}

Var scanjit::stop_gradient(const Var &x, std::source_location loc) {
  LocationScope location(loc);
  const TracedPtr &value = tracedOf(x, "stop_gradient");
  Emitter emitter = emitterFor(*value->module);
  return makeVar(value->module, emitter.emitStopGradient(value->value),
                 value->type);
}

Var scanjit::jacobian(const Var &expression, const Var &wrt,
                      const std::string &disconnected_inputs,
                      std::source_location loc) {
  LocationScope location(loc);
  if (expression.ndim() == 0)
    return grad(expression, wrt, disconnected_inputs, loc);
  // One gradient per element of the flattened expression, as Theano does.
  Var flat = expression.reshape(std::vector<int64_t>{-1});
  ScanResult rows = scan(
      [&](Var i, Var y, Var x) { return grad(y[i], x, disconnected_inputs); },
      {.sequences = {arange(flat.shape(0))}, .non_sequences = {flat, wrt}});
  std::vector<Var> shape;
  for (int64_t axis = 0; axis < expression.ndim(); ++axis)
    shape.push_back(expression.shape(axis));
  for (int64_t axis = 0; axis < wrt.ndim(); ++axis)
    shape.push_back(wrt.shape(axis));
  return rows.outputs[0].reshape(shape);
}

Var scanjit::hessian(const Var &cost, const Var &wrt,
                     const std::string &disconnected_inputs,
                     std::source_location loc) {
  LocationScope location(loc);
  return jacobian(grad(cost, wrt, disconnected_inputs, loc), wrt,
                  disconnected_inputs, loc);
}
