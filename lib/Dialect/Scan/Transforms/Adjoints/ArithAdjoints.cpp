//===- ArithAdjoints.cpp - Reverse-mode rules of arith ops ----------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The rule table of the floating-point arith ops, as AdjointOpInterface
// external models. The ops appear on scalars (linalg.generic payloads) and on
// ranked tensors of any shape (elementwise), so every rule builds only
// elementwise ops that accept both, with constants from buildSplatLike.
// Integer ops need no rule: their values never need an adjoint; neither does
// arith.constant, which has no operand.
//
// In the comments, g is the adjoint of the result and y the result.
//
//===----------------------------------------------------------------------===//

#include "AdjointRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace scanjit::scan;
using namespace scanjit::scan::adjoints;

/// d(a + b) = da + db.
static LogicalResult addFAdjoint(arith::AddFOp op, OpBuilder &builder,
                                 AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  if (!g)
    return success();
  state.addAdjoint(builder, op.getLoc(), op.getLhs(), g);
  state.addAdjoint(builder, op.getLoc(), op.getRhs(), g);
  return success();
}

/// d(a - b) = da - db.
static LogicalResult subFAdjoint(arith::SubFOp op, OpBuilder &builder,
                                 AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  if (!g)
    return success();
  Elementwise e{builder, op.getLoc()};
  state.addAdjoint(builder, op.getLoc(), op.getLhs(), g);
  if (state.needsAdjoint(op.getRhs()))
    state.addAdjoint(builder, op.getLoc(), op.getRhs(), e.neg(g));
  return success();
}

/// d(a * b) = b da + a db.
static LogicalResult mulFAdjoint(arith::MulFOp op, OpBuilder &builder,
                                 AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  if (!g)
    return success();
  Elementwise e{builder, op.getLoc()};
  if (state.needsAdjoint(op.getLhs()))
    state.addAdjoint(builder, op.getLoc(), op.getLhs(), e.mul(g, op.getRhs()));
  if (state.needsAdjoint(op.getRhs()))
    state.addAdjoint(builder, op.getLoc(), op.getRhs(), e.mul(g, op.getLhs()));
  return success();
}

/// d(a / b) = da / b - (a / b) db / b: with t = g / b, a gets t and b gets
/// -(t * y).
static LogicalResult divFAdjoint(arith::DivFOp op, OpBuilder &builder,
                                 AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  bool lhs = state.needsAdjoint(op.getLhs());
  bool rhs = state.needsAdjoint(op.getRhs());
  if (!g || (!lhs && !rhs))
    return success();
  Elementwise e{builder, op.getLoc()};
  Value t = e.div(g, op.getRhs());
  state.addAdjoint(builder, op.getLoc(), op.getLhs(), t);
  if (rhs)
    state.addAdjoint(builder, op.getLoc(), op.getRhs(),
                     e.neg(e.mul(t, op.getResult())));
  return success();
}

/// d(-a) = -da.
static LogicalResult negFAdjoint(arith::NegFOp op, OpBuilder &builder,
                                 AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  if (!g || !state.needsAdjoint(op.getOperand()))
    return success();
  Elementwise e{builder, op.getLoc()};
  state.addAdjoint(builder, op.getLoc(), op.getOperand(), e.neg(g));
  return success();
}

/// The rule of a max or min y of a and b: dy = da where y equals a (a wins
/// ties, as a >= b picks a for a max), db elsewhere. Comparing with y rather
/// than b also routes g right when maxnumf/minnumf ignored a NaN operand.
template <typename OpTy>
static LogicalResult selectionAdjoint(OpTy op, OpBuilder &builder,
                                      AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  bool lhs = state.needsAdjoint(op.getLhs());
  bool rhs = state.needsAdjoint(op.getRhs());
  if (!g || (!lhs && !rhs))
    return success();
  Elementwise e{builder, op.getLoc()};
  Value picksLhs = e.equal(op.getResult(), op.getLhs());
  Value zero = e.splat(g, 0.0);
  if (lhs)
    state.addAdjoint(builder, op.getLoc(), op.getLhs(),
                     e.select(picksLhs, g, zero));
  if (rhs)
    state.addAdjoint(builder, op.getLoc(), op.getRhs(),
                     e.select(picksLhs, zero, g));
  return success();
}

/// d select(c, a, b) = select(c, da, db); the condition gets nothing. `c`
/// may be a scalar i1 with tensor operands: select accepts it on g too.
static LogicalResult selectAdjoint(arith::SelectOp op, OpBuilder &builder,
                                   AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  bool onTrue = state.needsAdjoint(op.getTrueValue());
  bool onFalse = state.needsAdjoint(op.getFalseValue());
  if (!g || (!onTrue && !onFalse))
    return success();
  Elementwise e{builder, op.getLoc()};
  Value zero = e.splat(g, 0.0);
  if (onTrue)
    state.addAdjoint(builder, op.getLoc(), op.getTrueValue(),
                     e.select(op.getCondition(), g, zero));
  if (onFalse)
    state.addAdjoint(builder, op.getLoc(), op.getFalseValue(),
                     e.select(op.getCondition(), zero, g));
  return success();
}

/// d extf(a) = extf(da): a gets g truncated back to its type.
static LogicalResult extFAdjoint(arith::ExtFOp op, OpBuilder &builder,
                                 AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  if (!g || !state.needsAdjoint(op.getIn()))
    return success();
  state.addAdjoint(
      builder, op.getLoc(), op.getIn(),
      arith::TruncFOp::create(builder, op.getLoc(), op.getIn().getType(), g));
  return success();
}

/// d truncf(a) = truncf(da): a gets g extended back to its type.
static LogicalResult truncFAdjoint(arith::TruncFOp op, OpBuilder &builder,
                                   AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  if (!g || !state.needsAdjoint(op.getIn()))
    return success();
  state.addAdjoint(
      builder, op.getLoc(), op.getIn(),
      arith::ExtFOp::create(builder, op.getLoc(), op.getIn().getType(), g));
  return success();
}

/// remf(a, b) = a - b trunc(a / b) (C's fmod), so
/// d remf(a, b) = da - trunc(a / b) db.
static LogicalResult remFAdjoint(arith::RemFOp op, OpBuilder &builder,
                                 AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  if (!g)
    return success();
  Elementwise e{builder, op.getLoc()};
  state.addAdjoint(builder, op.getLoc(), op.getLhs(), g);
  if (state.needsAdjoint(op.getRhs())) {
    Value quotient = math::TruncOp::create(builder, op.getLoc(),
                                           e.div(op.getLhs(), op.getRhs()));
    state.addAdjoint(builder, op.getLoc(), op.getRhs(),
                     e.neg(e.mul(g, quotient)));
  }
  return success();
}

void scanjit::scan::registerArithAdjointModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, arith::ArithDialect *) {
    attachRule<arith::AddFOp, addFAdjoint>(ctx);
    attachRule<arith::SubFOp, subFAdjoint>(ctx);
    attachRule<arith::MulFOp, mulFAdjoint>(ctx);
    attachRule<arith::DivFOp, divFAdjoint>(ctx);
    attachRule<arith::NegFOp, negFAdjoint>(ctx);
    attachRule<arith::MaximumFOp, selectionAdjoint<arith::MaximumFOp>>(ctx);
    attachRule<arith::MaxNumFOp, selectionAdjoint<arith::MaxNumFOp>>(ctx);
    attachRule<arith::MinimumFOp, selectionAdjoint<arith::MinimumFOp>>(ctx);
    attachRule<arith::MinNumFOp, selectionAdjoint<arith::MinNumFOp>>(ctx);
    attachRule<arith::SelectOp, selectAdjoint>(ctx);
    attachRule<arith::ExtFOp, extFAdjoint>(ctx);
    attachRule<arith::TruncFOp, truncFAdjoint>(ctx);
    attachRule<arith::RemFOp, remFAdjoint>(ctx);
  });
}
