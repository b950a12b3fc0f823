//===- ArgumentCheck.cpp - Check call arguments against a function --------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// A compiled function trusts the sizes in its memref descriptors: it would
// read out of bounds if an argument's shape differed from a static size of
// its type. Every call is therefore checked here first, and a mismatch is a
// scanjit::Error that names the argument.
//
//===----------------------------------------------------------------------===//

#include "CallingConvention.h"

#include "scanjit/Support/Error.h"

#include <limits>

using namespace scanjit;
using namespace scanjit::detail;

namespace {

/// "[?, 2]".
std::string formatExpectedShape(const Shape &shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += ", ";
    text += shape[i] == kDynamicSize ? "?" : std::to_string(shape[i]);
  }
  return text + "]";
}

std::string describeArgument(const FunctionInfo &info, size_t index) {
  return "argument #" + std::to_string(index) + " of @" + info.name;
}

/// "i32 or i64" for integer scalars, the dtype otherwise.
std::string acceptedScalarDTypes(const ValueType &expected) {
  switch (expected.scalarKind) {
  case ScalarKind::I32:
  case ScalarKind::I64:
  case ScalarKind::Index:
    return "i32 or i64";
  default:
    return std::string(toString(expected.dtype));
  }
}

/// The value of a rank-0 integer array.
int64_t integerValue(const Array &argument) {
  return argument.dtype() == DType::I32
             ? *static_cast<const int32_t *>(argument.data())
             : *static_cast<const int64_t *>(argument.data());
}

void checkScalar(const FunctionInfo &info, size_t index,
                 const ValueType &expected, const Array &argument) {
  auto wanted = [&] {
    return "a scalar " + expected.typeName + " (a rank-0 " +
           acceptedScalarDTypes(expected) + " array)";
  };
  if (argument.rank() != 0)
    throw Error(describeArgument(info, index) + " has shape " +
                formatShape(argument.shape()) + " but the function expects " +
                wanted());
  bool integerScalar = expected.scalarKind == ScalarKind::I32 ||
                       expected.scalarKind == ScalarKind::I64 ||
                       expected.scalarKind == ScalarKind::Index;
  bool integerArgument =
      argument.dtype() == DType::I32 || argument.dtype() == DType::I64;
  if (integerScalar ? !integerArgument : argument.dtype() != expected.dtype)
    throw Error(describeArgument(info, index) + " has dtype " +
                std::string(toString(argument.dtype())) +
                " but the function expects " + wanted());
  if (expected.scalarKind == ScalarKind::I32) {
    int64_t value = integerValue(argument);
    if (value < std::numeric_limits<int32_t>::min() ||
        value > std::numeric_limits<int32_t>::max())
      throw Error(describeArgument(info, index) + " is " +
                  std::to_string(value) +
                  ", which does not fit the function's i32");
  }
}

void checkMemRef(const FunctionInfo &info, size_t index,
                 const ValueType &expected, const Array &argument) {
  if (argument.dtype() != expected.dtype)
    throw Error(
        describeArgument(info, index) + " has dtype " +
        std::string(toString(argument.dtype())) + " but the function expects " +
        std::string(toString(expected.dtype)) + " (" + expected.typeName + ")");
  if (argument.rank() != static_cast<int64_t>(expected.shape.size()))
    throw Error(
        describeArgument(info, index) + " has rank " +
        std::to_string(argument.rank()) + " (shape " +
        formatShape(argument.shape()) + ") but the function expects rank " +
        std::to_string(expected.shape.size()) + " (" + expected.typeName + ")");
  for (size_t dim = 0; dim < expected.shape.size(); ++dim)
    if (expected.shape[dim] != kDynamicSize &&
        expected.shape[dim] != argument.shape()[dim])
      throw Error(describeArgument(info, index) + " has shape " +
                  formatShape(argument.shape()) + " but the function expects " +
                  formatExpectedShape(expected.shape) + " (" +
                  expected.typeName + ")");
}

} // namespace

void scanjit::detail::checkArguments(const FunctionInfo &info,
                                     const std::vector<Array> &arguments) {
  if (arguments.size() != info.arguments.size())
    throw Error("@" + info.name + " takes " +
                std::to_string(info.arguments.size()) + " argument" +
                (info.arguments.size() == 1 ? "" : "s") + " but was given " +
                std::to_string(arguments.size()) + " (" +
                info.signatureString() + ")");
  for (size_t i = 0; i < arguments.size(); ++i) {
    if (info.arguments[i].isMemRef)
      checkMemRef(info, i, info.arguments[i], arguments[i]);
    else
      checkScalar(info, i, info.arguments[i], arguments[i]);
  }
}
