//===- AdjointRules.h - What the rule tables share ---------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The pieces every file of reverse-mode rules (Adjoints/*.cpp) uses: the
// external model that forwards AdjointOpInterface to a rule function, and
// the terse builders of elementwise arithmetic the rules are written with.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_DIALECT_SCAN_TRANSFORMS_ADJOINTS_ADJOINTRULES_H
#define SCANJIT_LIB_DIALECT_SCAN_TRANSFORMS_ADJOINTS_ADJOINTRULES_H

#include "scanjit/Dialect/Scan/Transforms/Differentiate.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace scanjit::scan::adjoints {

/// The reverse-mode rule `Rule` of `OpTy`, attached as an external model:
/// one model type for the whole table.
template <typename OpTy, mlir::LogicalResult (*Rule)(OpTy, mlir::OpBuilder &,
                                                     AdjointState &)>
struct RuleModel
    : public AdjointOpInterface::ExternalModel<RuleModel<OpTy, Rule>, OpTy> {
  mlir::LogicalResult buildAdjoint(mlir::Operation *op,
                                   mlir::OpBuilder &builder,
                                   AdjointState &state) const {
    return Rule(mlir::cast<OpTy>(op), builder, state);
  }
};

/// Attaches the model of `Rule` to `OpTy`.
template <typename OpTy, mlir::LogicalResult (*Rule)(OpTy, mlir::OpBuilder &,
                                                     AdjointState &)>
void attachRule(mlir::MLIRContext *ctx) {
  OpTy::template attachInterface<RuleModel<OpTy, Rule>>(*ctx);
}

/// The sum of all elements of the tensor `value`, as a scalar.
mlir::Value buildSumAll(mlir::OpBuilder &builder, mlir::Location loc,
                        mlir::Value value);

/// Terse builders of the elementwise arithmetic of the rules, at one
/// location; every value is a float scalar or a ranked float tensor.
struct Elementwise {
  mlir::OpBuilder &builder;
  mlir::Location loc;

  /// `OpTy` applied to `operands`.
  template <typename OpTy, typename... Operands>
  mlir::Value apply(Operands... operands) {
    return OpTy::create(builder, loc, operands...);
  }
  // Each builder call below takes at most one argument that builds ops, so
  // the order of the ops does not depend on the compiler's order of
  // evaluation of arguments.
  mlir::Value add(mlir::Value lhs, mlir::Value rhs) { return apply<mlir::arith::AddFOp>(lhs, rhs); }
  mlir::Value sub(mlir::Value lhs, mlir::Value rhs) { return apply<mlir::arith::SubFOp>(lhs, rhs); }
  mlir::Value mul(mlir::Value lhs, mlir::Value rhs) { return apply<mlir::arith::MulFOp>(lhs, rhs); }
  mlir::Value div(mlir::Value lhs, mlir::Value rhs) { return apply<mlir::arith::DivFOp>(lhs, rhs); }
  mlir::Value neg(mlir::Value value) { return apply<mlir::arith::NegFOp>(value); }
  mlir::Value splat(mlir::Value like, double value) {
    return buildSplatLike(builder, loc, like, value);
  }
  /// `value` times the constant `factor`.
  mlir::Value scale(mlir::Value value, double factor) {
    return mul(value, splat(value, factor));
  }
  /// `onTrue` where `condition` holds, else `onFalse`.
  mlir::Value select(mlir::Value condition, mlir::Value onTrue, mlir::Value onFalse) {
    return mlir::arith::SelectOp::create(builder, loc, condition, onTrue, onFalse);
  }
  /// Whether `lhs` equals `rhs`, elementwise (false on NaNs).
  mlir::Value equal(mlir::Value lhs, mlir::Value rhs) {
    return mlir::arith::CmpFOp::create(builder, loc, mlir::arith::CmpFPredicate::OEQ, lhs,
                                 rhs);
  }
  /// 1 with the sign of `value`.
  mlir::Value signBit(mlir::Value value) {
    return apply<mlir::math::CopySignOp>(splat(value, 1.0), value);
  }
};

} // namespace scanjit::scan::adjoints

#endif // SCANJIT_LIB_DIALECT_SCAN_TRANSFORMS_ADJOINTS_ADJOINTRULES_H
