//===- MatmulOperands.h - How a linalg.matmul reads its operands -*- C++
//-*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The linalg.matmul indexing maps that read each operand either as stored or
// transposed (no broadcast), shared by the pass that folds transposes into
// them and the BLAS conversion that passes such operands as transposed views.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_TRANSFORMS_MATMULOPERANDS_H
#define SCANJIT_TRANSFORMS_MATMULOPERANDS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <array>
#include <optional>

namespace scanjit {

/// Whether `matmul` reads its left operand as [k, m] (transposed) instead of
/// [m, k], and its right one as [n, k] instead of [k, n], into an [m, n]
/// result; nullopt for any other maps (broadcasts).
std::optional<std::array<bool, 2>>
getTransposedMatmulOperands(mlir::linalg::MatmulOp matmul);

/// The indexing maps of a matmul that reads its operands transposed as
/// `transposed` says.
llvm::SmallVector<mlir::AffineMap>
getMatmulMaps(mlir::MLIRContext *context, std::array<bool, 2> transposed);

} // namespace scanjit

#endif // SCANJIT_TRANSFORMS_MATMULOPERANDS_H
