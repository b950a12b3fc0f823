//===- MathToPolynomial.h - Vectorizable math functions ---------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_CONVERSION_MATHTOPOLYNOMIAL_MATHTOPOLYNOMIAL_H
#define SCANJIT_CONVERSION_MATHTOPOLYNOMIAL_MATHTOPOLYNOMIAL_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace scanjit {

/// Adds the patterns that replace f32 math.tanh by a rational polynomial
/// built from arith ops.
void populateMathToPolynomialPatterns(mlir::RewritePatternSet &patterns);

} // namespace scanjit

#endif // SCANJIT_CONVERSION_MATHTOPOLYNOMIAL_MATHTOPOLYNOMIAL_H
