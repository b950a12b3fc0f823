//===- Signature.cpp - The dtypes and shapes of a call --------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/Signature.h"

using namespace scanjit;

ArgumentSignature scanjit::signatureOf(std::span<const Array> arguments) {
  ArgumentSignature signature;
  signature.reserve(arguments.size());
  for (const Array &argument : arguments)
    signature.push_back({argument.dtype(), argument.shape()});
  return signature;
}

std::string scanjit::formatSignature(const ArgumentSignature &signature) {
  std::string text = "(";
  for (size_t i = 0; i < signature.size(); ++i) {
    if (i)
      text += ", ";
    text += std::string(toString(signature[i].dtype)) +
            formatShape(signature[i].shape);
  }
  return text + ")";
}
