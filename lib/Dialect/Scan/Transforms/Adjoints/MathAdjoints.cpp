//===- MathAdjoints.cpp - Reverse-mode rules of math ops ------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The rule table of the floating-point math ops, as AdjointOpInterface
// external models. Like the arith rules, each builds only elementwise ops
// that accept scalars and ranked tensors of any shape alike. Rounding ops
// (floor, ceil, round, roundeven, trunc) have a zero derivative almost
// everywhere: their rule builds nothing, so that the engine does not report
// them as ops without a rule. Integer and predicate ops (ipowi, isnan, ...)
// need no rule: their values never need an adjoint.
//
// In the comments, g is the adjoint of the result and y the result.
//
//===----------------------------------------------------------------------===//

#include "AdjointRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace scanjit::scan;
using namespace scanjit::scan::adjoints;

namespace {

/// The derivative of a one-operand op: given g, the operand x and the
/// result y, the adjoint x gets.
using UnaryDerivative =
    llvm::function_ref<Value(Elementwise &e, Value g, Value x, Value y)>;

} // namespace

/// The rule of a one-operand op `op`: adds `derivative` to its operand's
/// adjoint when the operand needs one and g is not zero.
template <typename OpTy>
static LogicalResult unaryAdjoint(OpTy op, OpBuilder &builder,
                                  AdjointState &state,
                                  UnaryDerivative derivative) {
  Value x = op.getOperand();
  Value g = state.getAdjoint(op.getResult());
  if (!g || !state.needsAdjoint(x))
    return success();
  Elementwise e{builder, op.getLoc()};
  state.addAdjoint(builder, op.getLoc(), x,
                   derivative(e, g, x, op.getResult()));
  return success();
}

/// The rule of an op whose derivative is zero almost everywhere (rounding):
/// it adds nothing.
template <typename OpTy>
static LogicalResult zeroAdjoint(OpTy, OpBuilder &, AdjointState &) {
  return success();
}

/// d exp(x) = y dx.
static LogicalResult expAdjoint(math::ExpOp op, OpBuilder &builder,
                                AdjointState &state) {
  return unaryAdjoint(
      op, builder, state,
      [](Elementwise &e, Value g, Value, Value y) { return e.mul(g, y); });
}

/// d exp2(x) = y ln(2) dx.
static LogicalResult exp2Adjoint(math::Exp2Op op, OpBuilder &builder,
                                 AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value, Value y) {
                        return e.scale(e.mul(g, y), llvm::numbers::ln2);
                      });
}

/// d expm1(x) = exp(x) dx = (y + 1) dx: g y + g.
static LogicalResult expm1Adjoint(math::ExpM1Op op, OpBuilder &builder,
                                  AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value, Value y) {
                        return e.add(e.mul(g, y), g);
                      });
}

/// d log(x) = dx / x.
static LogicalResult logAdjoint(math::LogOp op, OpBuilder &builder,
                                AdjointState &state) {
  return unaryAdjoint(
      op, builder, state,
      [](Elementwise &e, Value g, Value x, Value) { return e.div(g, x); });
}

/// d log2(x) = dx / (x ln(2)).
static LogicalResult log2Adjoint(math::Log2Op op, OpBuilder &builder,
                                 AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        return e.div(g, e.scale(x, llvm::numbers::ln2));
                      });
}

/// d log10(x) = dx / (x ln(10)).
static LogicalResult log10Adjoint(math::Log10Op op, OpBuilder &builder,
                                  AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        return e.div(g, e.scale(x, llvm::numbers::ln10));
                      });
}

/// d log1p(x) = dx / (x + 1).
static LogicalResult log1pAdjoint(math::Log1pOp op, OpBuilder &builder,
                                  AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        return e.div(g, e.add(x, e.splat(x, 1.0)));
                      });
}

/// d tanh(x) = (1 - y^2) dx: g - (g y) y.
static LogicalResult tanhAdjoint(math::TanhOp op, OpBuilder &builder,
                                 AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value, Value y) {
                        return e.sub(g, e.mul(e.mul(g, y), y));
                      });
}

/// d sqrt(x) = dx / (2 y): g / (y + y).
static LogicalResult sqrtAdjoint(math::SqrtOp op, OpBuilder &builder,
                                 AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value, Value y) {
                        return e.div(g, e.add(y, y));
                      });
}

/// d rsqrt(x) = -x^(-3/2) / 2 dx = -y / (2 x) dx: -((g y) / (x + x)).
static LogicalResult rsqrtAdjoint(math::RsqrtOp op, OpBuilder &builder,
                                  AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value y) {
                        Value gy = e.mul(g, y);
                        return e.neg(e.div(gy, e.add(x, x)));
                      });
}

/// d cbrt(x) = dx / (3 y^2).
static LogicalResult cbrtAdjoint(math::CbrtOp op, OpBuilder &builder,
                                 AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value, Value y) {
                        return e.div(g, e.scale(e.mul(y, y), 3.0));
                      });
}

/// d sin(x) = cos(x) dx.
static LogicalResult sinAdjoint(math::SinOp op, OpBuilder &builder,
                                AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        return e.mul(g, e.apply<math::CosOp>(x));
                      });
}

/// d cos(x) = -sin(x) dx: -(g sin(x)).
static LogicalResult cosAdjoint(math::CosOp op, OpBuilder &builder,
                                AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        return e.neg(e.mul(g, e.apply<math::SinOp>(x)));
                      });
}

/// d tan(x) = (1 + y^2) dx: g + (g y) y.
static LogicalResult tanAdjoint(math::TanOp op, OpBuilder &builder,
                                AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value, Value y) {
                        return e.add(g, e.mul(e.mul(g, y), y));
                      });
}

/// (s, c) = sincos(x): dx = c ds - s dc, from whichever of the two results
/// has an adjoint.
static LogicalResult sincosAdjoint(math::SincosOp op, OpBuilder &builder,
                                   AdjointState &state) {
  Value gSin = state.getAdjoint(op.getSin());
  Value gCos = state.getAdjoint(op.getCos());
  if ((!gSin && !gCos) || !state.needsAdjoint(op.getOperand()))
    return success();
  Elementwise e{builder, op.getLoc()};
  Value fromSin = gSin ? e.mul(gSin, op.getCos()) : Value();
  Value fromCos = gCos ? e.mul(gCos, op.getSin()) : Value();
  Value adjoint = !fromCos  ? fromSin
                  : fromSin ? e.sub(fromSin, fromCos)
                            : e.neg(fromCos);
  state.addAdjoint(builder, op.getLoc(), op.getOperand(), adjoint);
  return success();
}

/// d asin(x) = dx / sqrt(1 - x^2).
static LogicalResult asinAdjoint(math::AsinOp op, OpBuilder &builder,
                                 AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        Value one = e.splat(x, 1.0);
                        Value rest = e.sub(one, e.mul(x, x));
                        return e.div(g, e.apply<math::SqrtOp>(rest));
                      });
}

/// d acos(x) = -dx / sqrt(1 - x^2).
static LogicalResult acosAdjoint(math::AcosOp op, OpBuilder &builder,
                                 AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        Value one = e.splat(x, 1.0);
                        Value rest = e.sub(one, e.mul(x, x));
                        return e.neg(e.div(g, e.apply<math::SqrtOp>(rest)));
                      });
}

/// d atan(x) = dx / (1 + x^2).
static LogicalResult atanAdjoint(math::AtanOp op, OpBuilder &builder,
                                 AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        Value one = e.splat(x, 1.0);
                        return e.div(g, e.add(one, e.mul(x, x)));
                      });
}

/// d sinh(x) = cosh(x) dx.
static LogicalResult sinhAdjoint(math::SinhOp op, OpBuilder &builder,
                                 AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        return e.mul(g, e.apply<math::CoshOp>(x));
                      });
}

/// d cosh(x) = sinh(x) dx.
static LogicalResult coshAdjoint(math::CoshOp op, OpBuilder &builder,
                                 AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        return e.mul(g, e.apply<math::SinhOp>(x));
                      });
}

/// d asinh(x) = dx / sqrt(x^2 + 1).
static LogicalResult asinhAdjoint(math::AsinhOp op, OpBuilder &builder,
                                  AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        Value one = e.splat(x, 1.0);
                        Value square = e.add(e.mul(x, x), one);
                        return e.div(g, e.apply<math::SqrtOp>(square));
                      });
}

/// d acosh(x) = dx / sqrt(x^2 - 1).
static LogicalResult acoshAdjoint(math::AcoshOp op, OpBuilder &builder,
                                  AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        Value one = e.splat(x, 1.0);
                        Value square = e.sub(e.mul(x, x), one);
                        return e.div(g, e.apply<math::SqrtOp>(square));
                      });
}

/// d atanh(x) = dx / (1 - x^2).
static LogicalResult atanhAdjoint(math::AtanhOp op, OpBuilder &builder,
                                  AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        Value one = e.splat(x, 1.0);
                        return e.div(g, e.sub(one, e.mul(x, x)));
                      });
}

/// d erf(x) = 2 / sqrt(pi) exp(-x^2) dx.
static LogicalResult erfAdjoint(math::ErfOp op, OpBuilder &builder,
                                AdjointState &state) {
  return unaryAdjoint(
      op, builder, state, [](Elementwise &e, Value g, Value x, Value) {
        Value bell = e.apply<math::ExpOp>(e.neg(e.mul(x, x)));
        return e.mul(g, e.scale(bell, 2.0 * llvm::numbers::inv_sqrtpi));
      });
}

/// d erfc(x) = -2 / sqrt(pi) exp(-x^2) dx.
static LogicalResult erfcAdjoint(math::ErfcOp op, OpBuilder &builder,
                                 AdjointState &state) {
  return unaryAdjoint(
      op, builder, state, [](Elementwise &e, Value g, Value x, Value) {
        Value bell = e.apply<math::ExpOp>(e.neg(e.mul(x, x)));
        return e.mul(g, e.scale(bell, -2.0 * llvm::numbers::inv_sqrtpi));
      });
}

/// d |x| = sign(x) dx, with sign(0) = 0 as in PyTensor.
static LogicalResult absFAdjoint(math::AbsFOp op, OpBuilder &builder,
                                 AdjointState &state) {
  return unaryAdjoint(op, builder, state,
                      [](Elementwise &e, Value g, Value x, Value) {
                        Value zero = e.splat(x, 0.0);
                        Value isZero = e.equal(x, zero);
                        Value sign = e.select(isZero, zero, e.signBit(x));
                        return e.mul(g, sign);
                      });
}

/// d x^p = p x^(p - 1) dx + y log(x) dp. The exponent's term is 0 where
/// x = 0 (its limit from above when p > 0), as in PyTensor, not 0 * -inf.
static LogicalResult powFAdjoint(math::PowFOp op, OpBuilder &builder,
                                 AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  if (!g)
    return success();
  Value x = op.getLhs(), p = op.getRhs();
  Elementwise e{builder, op.getLoc()};
  if (state.needsAdjoint(x)) {
    Value lower = e.apply<math::PowFOp>(x, e.sub(p, e.splat(p, 1.0)));
    state.addAdjoint(builder, op.getLoc(), x, e.mul(e.mul(g, p), lower));
  }
  if (state.needsAdjoint(p)) {
    Value gy = e.mul(g, op.getResult());
    Value term = e.mul(gy, e.apply<math::LogOp>(x));
    Value zero = e.splat(x, 0.0);
    state.addAdjoint(builder, op.getLoc(), p,
                     e.select(e.equal(x, zero), zero, term));
  }
  return success();
}

/// y = atan2(a, b), the angle of (b, a):
/// dy = (b da - a db) / (a^2 + b^2).
static LogicalResult atan2Adjoint(math::Atan2Op op, OpBuilder &builder,
                                  AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  Value a = op.getLhs(), b = op.getRhs();
  bool lhs = state.needsAdjoint(a);
  bool rhs = state.needsAdjoint(b);
  if (!g || (!lhs && !rhs))
    return success();
  Elementwise e{builder, op.getLoc()};
  Value aa = e.mul(a, a);
  Value t = e.div(g, e.add(aa, e.mul(b, b)));
  if (lhs)
    state.addAdjoint(builder, op.getLoc(), a, e.mul(t, b));
  if (rhs)
    state.addAdjoint(builder, op.getLoc(), b, e.neg(e.mul(t, a)));
  return success();
}

/// d fma(a, b, c) = b da + a db + dc.
static LogicalResult fmaAdjoint(math::FmaOp op, OpBuilder &builder,
                                AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  if (!g)
    return success();
  Elementwise e{builder, op.getLoc()};
  if (state.needsAdjoint(op.getA()))
    state.addAdjoint(builder, op.getLoc(), op.getA(), e.mul(g, op.getB()));
  if (state.needsAdjoint(op.getB()))
    state.addAdjoint(builder, op.getLoc(), op.getB(), e.mul(g, op.getA()));
  state.addAdjoint(builder, op.getLoc(), op.getC(), g);
  return success();
}

/// d copysign(a, b) = sign(a) sign(b) da, with the signs of the sign bits
/// (copysign(1, .)); b gets nothing.
static LogicalResult copySignAdjoint(math::CopySignOp op, OpBuilder &builder,
                                     AdjointState &state) {
  Value g = state.getAdjoint(op.getResult());
  if (!g || !state.needsAdjoint(op.getLhs()))
    return success();
  Elementwise e{builder, op.getLoc()};
  Value lhsSign = e.signBit(op.getLhs());
  Value flip = e.mul(lhsSign, e.signBit(op.getRhs()));
  state.addAdjoint(builder, op.getLoc(), op.getLhs(), e.mul(g, flip));
  return success();
}

void scanjit::scan::registerMathAdjointModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, math::MathDialect *) {
    attachRule<math::ExpOp, expAdjoint>(ctx);
    attachRule<math::Exp2Op, exp2Adjoint>(ctx);
    attachRule<math::ExpM1Op, expm1Adjoint>(ctx);
    attachRule<math::LogOp, logAdjoint>(ctx);
    attachRule<math::Log2Op, log2Adjoint>(ctx);
    attachRule<math::Log10Op, log10Adjoint>(ctx);
    attachRule<math::Log1pOp, log1pAdjoint>(ctx);
    attachRule<math::TanhOp, tanhAdjoint>(ctx);
    attachRule<math::SqrtOp, sqrtAdjoint>(ctx);
    attachRule<math::RsqrtOp, rsqrtAdjoint>(ctx);
    attachRule<math::CbrtOp, cbrtAdjoint>(ctx);
    attachRule<math::SinOp, sinAdjoint>(ctx);
    attachRule<math::CosOp, cosAdjoint>(ctx);
    attachRule<math::TanOp, tanAdjoint>(ctx);
    attachRule<math::SincosOp, sincosAdjoint>(ctx);
    attachRule<math::AsinOp, asinAdjoint>(ctx);
    attachRule<math::AcosOp, acosAdjoint>(ctx);
    attachRule<math::AtanOp, atanAdjoint>(ctx);
    attachRule<math::SinhOp, sinhAdjoint>(ctx);
    attachRule<math::CoshOp, coshAdjoint>(ctx);
    attachRule<math::AsinhOp, asinhAdjoint>(ctx);
    attachRule<math::AcoshOp, acoshAdjoint>(ctx);
    attachRule<math::AtanhOp, atanhAdjoint>(ctx);
    attachRule<math::ErfOp, erfAdjoint>(ctx);
    attachRule<math::ErfcOp, erfcAdjoint>(ctx);
    attachRule<math::AbsFOp, absFAdjoint>(ctx);
    attachRule<math::PowFOp, powFAdjoint>(ctx);
    attachRule<math::Atan2Op, atan2Adjoint>(ctx);
    attachRule<math::FmaOp, fmaAdjoint>(ctx);
    attachRule<math::CopySignOp, copySignAdjoint>(ctx);
    attachRule<math::FloorOp, zeroAdjoint<math::FloorOp>>(ctx);
    attachRule<math::CeilOp, zeroAdjoint<math::CeilOp>>(ctx);
    attachRule<math::RoundOp, zeroAdjoint<math::RoundOp>>(ctx);
    attachRule<math::RoundEvenOp, zeroAdjoint<math::RoundEvenOp>>(ctx);
    attachRule<math::TruncOp, zeroAdjoint<math::TruncOp>>(ctx);
  });
}
