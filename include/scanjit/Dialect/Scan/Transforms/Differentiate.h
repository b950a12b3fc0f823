//===- Differentiate.h - Reverse mode over blocks of tensor ops -*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The engine of scan-differentiate. `differentiateBlock` runs a reverse sweep
// over the ops of a block: it finds the ops between the values to
// differentiate with respect to and the seeds (the outputs whose adjoints are
// given), and calls each op's AdjointOpInterface rule in reverse order,
// accumulating adjoints in an AdjointState. Rules of ops with regions (the
// reverse scan of scan.scan, scf.if) call it again on their bodies.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_DIALECT_SCAN_TRANSFORMS_DIFFERENTIATE_H
#define SCANJIT_DIALECT_SCAN_TRANSFORMS_DIFFERENTIATE_H

#include "scanjit/Dialect/Scan/IR/AdjointOpInterface.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Value.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace scanjit::scan {

/// Whether `type` carries derivatives: a floating-point scalar or a tensor of
/// floating-point elements. Integers, indices and booleans get no adjoint.
bool isDifferentiableType(mlir::Type type);

/// The adjoints of one reverse sweep: which values need one (they depend on
/// a value differentiated with respect to, the seeds depend on them, and
/// their type is differentiable) and the adjoint accumulated so far for each.
class AdjointState {
public:
  /// Whether `value` needs an adjoint: a rule adds adjoints only to these.
  bool needsAdjoint(mlir::Value value) const;
  /// The adjoint of `value` accumulated so far, or null when it is zero.
  mlir::Value getAdjoint(mlir::Value value) const {
    return adjoints.lookup(value);
  }
  /// Adds `adjoint` (of `value`'s type) to the adjoint of `value`; does
  /// nothing when `value` needs no adjoint or `adjoint` is null.
  void addAdjoint(mlir::OpBuilder &builder, mlir::Location loc,
                  mlir::Value value, mlir::Value adjoint);

private:
  friend mlir::LogicalResult
  differentiateBlock(mlir::OpBuilder &, mlir::Block &, mlir::ValueRange,
                     mlir::ValueRange, mlir::ValueRange,
                     llvm::SmallVectorImpl<mlir::Value> &);
  llvm::DenseSet<mlir::Value> varied;
  llvm::DenseSet<mlir::Value> useful;
  llvm::DenseMap<mlir::Value, mlir::Value> adjoints;
};

/// Reverse mode over the ops of `block` before the builder's insertion point
/// (which must be in `block`): with `seedAdjoints[i]` (null: zero) the adjoint
/// of `seeds[i]`, builds at the insertion point the adjoint of each `wrt`
/// value and returns it in `wrtAdjoints` (null where no derivative flows).
/// `wrt` values may be defined in `block` or above it. Fails, with a
/// diagnostic at the op, when an op on the way has no rule.
mlir::LogicalResult
differentiateBlock(mlir::OpBuilder &builder, mlir::Block &block,
                   mlir::ValueRange seeds, mlir::ValueRange seedAdjoints,
                   mlir::ValueRange wrt,
                   llvm::SmallVectorImpl<mlir::Value> &wrtAdjoints);

/// Zeros of the type (and run-time shape) of `like`.
mlir::Value buildZerosLike(mlir::OpBuilder &builder, mlir::Location loc,
                           mlir::Value like);
/// `value` (a float) of the type and run-time shape of `like`.
mlir::Value buildSplatLike(mlir::OpBuilder &builder, mlir::Location loc,
                           mlir::Value like, double value);
/// `adjoint` itself, or zeros like `like` when it is null.
mlir::Value orZerosLike(mlir::OpBuilder &builder, mlir::Location loc,
                        mlir::Value adjoint, mlir::Value like);

/// Attaches the reverse-mode rules (AdjointOpInterface external models) of
/// the arith, math, linalg, tensor, scf and scan ops to `registry`.
void registerAdjointExternalModels(mlir::DialectRegistry &registry);

/// The external models of each dialect (Adjoints/*.cpp).
void registerArithAdjointModels(mlir::DialectRegistry &registry);
void registerMathAdjointModels(mlir::DialectRegistry &registry);
void registerLinalgAdjointModels(mlir::DialectRegistry &registry);
void registerTensorAdjointModels(mlir::DialectRegistry &registry);
void registerSCFAdjointModels(mlir::DialectRegistry &registry);
void registerScanAdjointModels(mlir::DialectRegistry &registry);

} // namespace scanjit::scan

#endif // SCANJIT_DIALECT_SCAN_TRANSFORMS_DIFFERENTIATE_H
