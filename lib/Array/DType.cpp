//===- DType.cpp - Element types of host arrays ---------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Array/DType.h"

using namespace scanjit;

size_t scanjit::elementSize(DType dtype) {
  switch (dtype) {
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F64:
  case DType::I64:
    return 8;
  case DType::Bool:
    return 1;
  }
  return 0;
}

std::string_view scanjit::toString(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "f32";
  case DType::F64:
    return "f64";
  case DType::I32:
    return "i32";
  case DType::I64:
    return "i64";
  case DType::Bool:
    return "bool";
  }
  return "?";
}

std::optional<DType> scanjit::parseDType(std::string_view name) {
  for (DType dtype :
       {DType::F32, DType::F64, DType::I32, DType::I64, DType::Bool})
    if (toString(dtype) == name)
      return dtype;
  return std::nullopt;
}

bool scanjit::isFloatingPoint(DType dtype) {
  return dtype == DType::F32 || dtype == DType::F64;
}
