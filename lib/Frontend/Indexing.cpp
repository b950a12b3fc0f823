//===- Indexing.cpp - Indexing, slicing and set_subtensor -----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// `x[i]`, `X(i, j)`, `x[slice(a, b, s)]` and set/inc_subtensor, with Python's
// rules: negative indices and bounds count from the end, slice bounds are
// clamped, negative steps walk backwards.
//
//===----------------------------------------------------------------------===//

#include "TypeRules.h"

#include "scanjit/Frontend/Ops.h"
#include "scanjit/Support/Error.h"

using namespace scanjit;
using namespace scanjit::detail;

/// The i64 scalar of a symbolic index or bound.
static TracedPtr indexOperand(const Var &index, const char *what) {
  const TracedPtr &node = tracedOf(index, what);
  if (node->type.rank() != 0 || isFloatingPoint(node->type.dtype) ||
      node->type.dtype == DType::Bool)
    throw Error(std::string(what) + " must be an integer scalar, got " +
                describeType(node->type));
  return castVar(index, DType::I64).node();
}

/// The i64 scalar of one slice bound, or null when left out.
static TracedPtr boundOperand(const std::shared_ptr<TraceModule> &module,
                              const SliceBound &bound) {
  if (const int64_t *value = std::get_if<int64_t>(&bound.value))
    return integerConstant(module, *value).node();
  if (const Var *var = std::get_if<Var>(&bound.value))
    return indexOperand(*var, "a slice bound");
  return nullptr;
}

/// The length of Python's slice start:stop:step of a dimension of `size`.
static int64_t sliceLength(std::optional<int64_t> start,
                           std::optional<int64_t> stop, int64_t step,
                           int64_t size) {
  auto clamp = [&](int64_t value, int64_t low, int64_t high) {
    if (value < 0)
      value += size;
    return std::min(std::max(value, low), high);
  };
  int64_t first, last;
  if (step > 0) {
    first = start ? clamp(*start, 0, size) : 0;
    last = stop ? clamp(*stop, 0, size) : size;
    return last > first ? (last - first + step - 1) / step : 0;
  }
  first = start ? clamp(*start, -1, size - 1) : size - 1;
  last = stop ? clamp(*stop, -1, size - 1) : -1;
  return first > last ? (first - last - step - 1) / -step : 0;
}

Var Var::operator[](const Index &index) const {
  return at({index}, std::source_location::current());
}

Var Var::at(std::vector<Index> indices, std::source_location loc) const {
  LocationScope scope(loc);
  const TracedPtr &base = tracedOf(*this, "indexing");
  const TensorType &type = base->type;
  if (static_cast<int64_t>(indices.size()) > type.rank())
    throw Error("too many indices: " + std::to_string(indices.size()) +
                " for " + describe() + " of type " + type.str());
  // Indexing a shape vector by a constant gives its element.
  if (!base->packed.empty() && indices.size() == 1)
    if (const int64_t *i = std::get_if<int64_t>(&indices[0].value))
      return Var(base->packed[normalizeAxis(*i, type.shape[0], "shape")]);
  // The last step of a stack that also has it apart (scan_checkpoints).
  if (base->lastStep && indices.size() == 1)
    if (const int64_t *i = std::get_if<int64_t>(&indices[0].value);
        i && *i == -1)
      return Var(base->lastStep);

  std::vector<IndexSpec> specs;
  TensorType result{type.dtype, {}};
  for (size_t d = 0; d < indices.size(); ++d) {
    int64_t size = type.shape[d];
    IndexSpec spec;
    if (const int64_t *i = std::get_if<int64_t>(&indices[d].value)) {
      if (size != kDynamic && (*i >= size || *i < -size))
        throw Error("index " + std::to_string(*i) +
                    " is out of bounds for axis " + std::to_string(d) + " of " +
                    describe() + " with size " + std::to_string(size));
      spec.isScalar = true;
      spec.start = integerConstant(base->module, *i).node();
    } else if (const Var *v = std::get_if<Var>(&indices[d].value)) {
      spec.isScalar = true;
      spec.start = indexOperand(*v, "an index");
    } else {
      const Slice &slice = std::get<Slice>(indices[d].value);
      if (slice.step == 0)
        throw Error("slice step cannot be zero");
      spec.step = slice.step;
      TracedPtr start = boundOperand(base->module, slice.start),
                stop = boundOperand(base->module, slice.stop);
      spec.start = start;
      spec.stop = stop;
      int64_t length = kDynamic;
      bool constantBounds = (!start || constantInteger(*start)) &&
                            (!stop || constantInteger(*stop));
      if (size != kDynamic && constantBounds)
        length = sliceLength(start ? constantInteger(*start) : std::nullopt,
                             stop ? constantInteger(*stop) : std::nullopt,
                             slice.step, size);
      result.shape.push_back(length);
    }
    specs.push_back(spec);
  }
  for (size_t d = indices.size(); d < type.shape.size(); ++d)
    result.shape.push_back(type.shape[d]);
  Emitter emitter = emitterFor(*base->module);
  mlir::Value part = emitter.emitSubtensor(base->value, specs, result);
  Var var = makeVar(base->module, emitter.castToType(part, result), result);
  var.node()->subtensor =
      std::make_shared<SubtensorInfo>(SubtensorInfo{base, std::move(specs)});
  return var;
}

/// set_subtensor (`increment` false) and inc_subtensor.
static Var updateSubtensor(const Var &part, const Var &value, bool increment) {
  const char *name = increment ? "inc_subtensor" : "set_subtensor";
  const TracedPtr &partNode = tracedOf(part, name);
  if (!partNode->subtensor)
    throw Error(std::string(name) +
                ": the first argument must be an indexing or slicing of a "
                "tensor, such as x(i, j) or x[slice(1, 3)]");
  const SubtensorInfo &info = *partNode->subtensor;
  for (const IndexSpec &spec : info.indices)
    if (!spec.isScalar && spec.step < 0)
      throw Error(std::string(name) + ": slices with negative steps are not "
                                      "supported");
  const TracedPtr &base = info.base;
  if (!base->scope->open)
    throw Error(std::string(name) +
                ": the indexed tensor was computed in "
                "the body of " +
                base->scope->name + " and is used outside it");
  const TracedPtr &valueNode = tracedOf(value, name);
  if (valueNode->type.rank() > partNode->type.rank())
    throw Error(std::string(name) + ": a value of type " +
                valueNode->type.str() + " does not fit a part of type " +
                partNode->type.str());
  broadcastShapes({partNode->type, valueNode->type}, name);
  Var converted = castVar(value, base->type.dtype);
  Emitter emitter = emitterFor(*base->module);
  mlir::Value result = emitter.emitSetSubtensor(
      base->value, converted.node()->value, converted.type(), info.indices,
      increment, base->type);
  return makeVar(base->module, emitter.castToType(result, base->type),
                 base->type);
}

Var scanjit::set_subtensor(const Var &part, const Var &value,
                           std::source_location loc) {
  LocationScope scope(loc);
  return updateSubtensor(part, value, false);
}

Var scanjit::inc_subtensor(const Var &part, const Var &value,
                           std::source_location loc) {
  LocationScope scope(loc);
  return updateSubtensor(part, value, true);
}
