//===- EmitElementwise.cpp - Elementwise ops, broadcast or not ------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// An elementwise op whose operands all have the result's shape and that
// is one arith/math op becomes that op on tensors (`arith.addf %a, %b :
// tensor<?xf64>`), as a person would write it; otherwise a linalg.generic
// computes it on scalars, reading broadcast operands through constant
// indices. Operand sizes the frontend cannot check (dynamic ones) are checked
// at run time: on a mismatch the runtime records the error, the result is
// zeros, and the call throws on return.
//
// Checks reduce their condition with `and` and become a scan.check with
// their message; integer floor division and remainder guard their
// divisor so that nothing traps (Ops.cpp checks it against zero first).
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"

#include "scanjit/Dialect/Scan/IR/ScanOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;

namespace scanjit::detail {

namespace {

/// Whether `op` is a single arith/math op that needs no constant, so that
/// it applies to whole tensors.
bool isSingleOp(const ElementwiseOp &op) {
  DType dtype = op.operandType;
  switch (op.kind) {
  case ElementwiseOp::Kind::Unary:
    return op.unary != UnaryOp::Sigmoid && op.unary != UnaryOp::Not &&
           op.unary != UnaryOp::Sign &&
           !(op.unary == UnaryOp::Neg && !isFloatingPoint(dtype));
  case ElementwiseOp::Kind::Binary:
    return op.binary != BinaryOp::Mod && op.binary != BinaryOp::FloorDiv &&
           !(op.binary == BinaryOp::Pow && !isFloatingPoint(dtype));
  case ElementwiseOp::Kind::Select:
    return true;
  case ElementwiseOp::Kind::Cast:
    return op.resultType != DType::Bool;
  }
  return false;
}

arith::CmpFPredicate floatPredicate(BinaryOp op) {
  switch (op) {
  case BinaryOp::Eq:
    return arith::CmpFPredicate::OEQ;
  case BinaryOp::Ne:
    return arith::CmpFPredicate::UNE;
  case BinaryOp::Lt:
    return arith::CmpFPredicate::OLT;
  case BinaryOp::Le:
    return arith::CmpFPredicate::OLE;
  case BinaryOp::Gt:
    return arith::CmpFPredicate::OGT;
  default:
    return arith::CmpFPredicate::OGE;
  }
}

arith::CmpIPredicate integerPredicate(BinaryOp op, bool isBool) {
  switch (op) {
  case BinaryOp::Eq:
    return arith::CmpIPredicate::eq;
  case BinaryOp::Ne:
    return arith::CmpIPredicate::ne;
  case BinaryOp::Lt:
    return isBool ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt;
  case BinaryOp::Le:
    return isBool ? arith::CmpIPredicate::ule : arith::CmpIPredicate::sle;
  case BinaryOp::Gt:
    return isBool ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::sgt;
  default:
    return isBool ? arith::CmpIPredicate::uge : arith::CmpIPredicate::sge;
  }
}

/// NumPy's floor division (`quotient`) or remainder of scalars: npy_divmod
/// for floats, Python's rules for integers. Integer divisors of 0 and -1
/// never reach a division that could trap: a zero divisor gives 0 (the
/// check on the divisor reports it), -1 gives -a (wrapping) and 0.
Value buildFloorDivMod(OpBuilder &b, Location loc, Value lhs, Value rhs,
                       DType dtype, bool quotient,
                       const std::function<Value(double, DType)> &constant) {
  if (isFloatingPoint(dtype)) {
    using arith::CmpFPredicate;
    auto cmp = [&](CmpFPredicate predicate, Value x, Value y) -> Value {
      return arith::CmpFOp::create(b, loc, predicate, x, y);
    };
    Value zero = constant(0, dtype);
    Value mod = arith::RemFOp::create(b, loc, lhs, rhs);
    // A non-zero remainder whose sign differs from the divisor's moves to
    // the divisor's side (and the quotient down by one); a zero one takes
    // the divisor's sign. fmod's NaN (a zero divisor) stays NaN.
    Value modNonZero = cmp(CmpFPredicate::UNE, mod, zero);
    Value signsDiffer =
        arith::XOrIOp::create(b, loc, cmp(CmpFPredicate::OLT, rhs, zero),
                              cmp(CmpFPredicate::OLT, mod, zero));
    Value adjust = arith::AndIOp::create(b, loc, modNonZero, signsDiffer);
    if (!quotient) {
      Value adjusted = arith::SelectOp::create(
          b, loc, adjust, arith::AddFOp::create(b, loc, mod, rhs), mod);
      return arith::SelectOp::create(
          b, loc, modNonZero, adjusted,
          math::CopySignOp::create(b, loc, zero, rhs));
    }
    // (a - fmod(a, b)) / b is an integer up to rounding: floor it, rounding
    // to the nearest integer; a zero quotient takes the sign of a / b.
    Value one = constant(1, dtype);
    Value div = arith::DivFOp::create(
        b, loc, arith::SubFOp::create(b, loc, lhs, mod), rhs);
    div = arith::SelectOp::create(b, loc, adjust,
                                  arith::SubFOp::create(b, loc, div, one), div);
    Value ratio = arith::DivFOp::create(b, loc, lhs, rhs);
    Value floored = math::FloorOp::create(b, loc, div);
    Value roundUp =
        cmp(CmpFPredicate::OGT, arith::SubFOp::create(b, loc, div, floored),
            constant(0.5, dtype));
    floored = arith::SelectOp::create(
        b, loc, roundUp, arith::AddFOp::create(b, loc, floored, one), floored);
    Value floorDiv = arith::SelectOp::create(
        b, loc, cmp(CmpFPredicate::UNE, div, zero), floored,
        math::CopySignOp::create(b, loc, zero, ratio));
    // A zero divisor gives a / b (inf or NaN).
    return arith::SelectOp::create(b, loc, cmp(CmpFPredicate::OEQ, rhs, zero),
                                   ratio, floorDiv);
  }
  using arith::CmpIPredicate;
  auto cmp = [&](CmpIPredicate predicate, Value x, Value y) -> Value {
    return arith::CmpIOp::create(b, loc, predicate, x, y);
  };
  Value zero = constant(0, dtype), one = constant(1, dtype);
  Value isZero = cmp(CmpIPredicate::eq, rhs, zero);
  Value isMinusOne = cmp(CmpIPredicate::eq, rhs, constant(-1, dtype));
  Value divisor = arith::SelectOp::create(
      b, loc, arith::OrIOp::create(b, loc, isZero, isMinusOne), one, rhs);
  Value remainder = arith::RemSIOp::create(b, loc, lhs, divisor);
  // Truncating division rounds toward zero: where the remainder is not
  // zero and its sign differs from the divisor's, the quotient steps down
  // and the remainder moves to the divisor's side.
  Value adjust = arith::AndIOp::create(
      b, loc, cmp(CmpIPredicate::ne, remainder, zero),
      arith::XOrIOp::create(b, loc, cmp(CmpIPredicate::slt, remainder, zero),
                            cmp(CmpIPredicate::slt, divisor, zero)));
  if (!quotient)
    return arith::SelectOp::create(
        b, loc, adjust, arith::AddIOp::create(b, loc, remainder, divisor),
        remainder);
  Value result = arith::DivSIOp::create(b, loc, lhs, divisor);
  result = arith::SelectOp::create(
      b, loc, adjust, arith::SubIOp::create(b, loc, result, one), result);
  result = arith::SelectOp::create(
      b, loc, isMinusOne, arith::SubIOp::create(b, loc, zero, lhs), result);
  return arith::SelectOp::create(b, loc, isZero, zero, result);
}

/// NumPy's sign: -1, 0 or 1; NaN stays NaN.
Value buildSign(OpBuilder &b, Location loc, Value x, DType dtype,
                const std::function<Value(double, DType)> &constant) {
  Value zero = constant(0, dtype), one = constant(1, dtype),
        minusOne = constant(-1, dtype);
  if (isFloatingPoint(dtype)) {
    using arith::CmpFPredicate;
    Value result = arith::SelectOp::create(
        b, loc, arith::CmpFOp::create(b, loc, CmpFPredicate::OEQ, x, zero),
        zero, x);
    result = arith::SelectOp::create(
        b, loc, arith::CmpFOp::create(b, loc, CmpFPredicate::OLT, x, zero),
        minusOne, result);
    return arith::SelectOp::create(
        b, loc, arith::CmpFOp::create(b, loc, CmpFPredicate::OGT, x, zero), one,
        result);
  }
  using arith::CmpIPredicate;
  Value result = arith::SelectOp::create(
      b, loc, arith::CmpIOp::create(b, loc, CmpIPredicate::slt, x, zero),
      minusOne, zero);
  return arith::SelectOp::create(
      b, loc, arith::CmpIOp::create(b, loc, CmpIPredicate::sgt, x, zero), one,
      result);
}

/// The op of an elementwise `op` on `args` (scalars, or tensors when
/// isSingleOp); `constant` makes scalar constants.
Value buildElementwise(OpBuilder &b, Location loc, const ElementwiseOp &op,
                       ValueRange args,
                       const std::function<Value(double, DType)> &constant,
                       const std::function<Value(Value, DType, DType)> &cast) {
  DType dtype = op.operandType;
  bool isFloat = isFloatingPoint(dtype);
  switch (op.kind) {
  case ElementwiseOp::Kind::Cast:
    return cast(args[0], op.sourceType, op.resultType);
  case ElementwiseOp::Kind::Select:
    return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
  case ElementwiseOp::Kind::Unary:
    switch (op.unary) {
    case UnaryOp::Neg:
      if (isFloat)
        return arith::NegFOp::create(b, loc, args[0]);
      return arith::SubIOp::create(b, loc, constant(0, dtype), args[0]);
    case UnaryOp::Abs:
      if (isFloat)
        return math::AbsFOp::create(b, loc, args[0]);
      return math::AbsIOp::create(b, loc, args[0]);
    case UnaryOp::Exp:
      return math::ExpOp::create(b, loc, args[0]);
    case UnaryOp::Expm1:
      return math::ExpM1Op::create(b, loc, args[0]);
    case UnaryOp::Log:
      return math::LogOp::create(b, loc, args[0]);
    case UnaryOp::Tanh:
      return math::TanhOp::create(b, loc, args[0]);
    case UnaryOp::Sqrt:
      return math::SqrtOp::create(b, loc, args[0]);
    case UnaryOp::Sin:
      return math::SinOp::create(b, loc, args[0]);
    case UnaryOp::Cos:
      return math::CosOp::create(b, loc, args[0]);
    case UnaryOp::Sigmoid: {
      Value one = constant(1, dtype);
      Value e =
          math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, args[0]));
      return arith::DivFOp::create(b, loc, one,
                                   arith::AddFOp::create(b, loc, one, e));
    }
    case UnaryOp::Not:
      return arith::XOrIOp::create(b, loc, args[0], constant(1, DType::Bool));
    case UnaryOp::Sign:
      return buildSign(b, loc, args[0], dtype, constant);
    }
    break;
  case ElementwiseOp::Kind::Binary: {
    Value lhs = args[0], rhs = args[1];
    bool isBool = dtype == DType::Bool;
    switch (op.binary) {
    case BinaryOp::Add:
      return isFloat ? Value(arith::AddFOp::create(b, loc, lhs, rhs))
                     : Value(arith::AddIOp::create(b, loc, lhs, rhs));
    case BinaryOp::Sub:
      return isFloat ? Value(arith::SubFOp::create(b, loc, lhs, rhs))
                     : Value(arith::SubIOp::create(b, loc, lhs, rhs));
    case BinaryOp::Mul:
      return isFloat ? Value(arith::MulFOp::create(b, loc, lhs, rhs))
                     : Value(arith::MulIOp::create(b, loc, lhs, rhs));
    case BinaryOp::Div:
      return arith::DivFOp::create(b, loc, lhs, rhs);
    case BinaryOp::Pow: {
      if (isFloat)
        return math::PowFOp::create(b, loc, lhs, rhs);
      // Integer powers go through f64 (exact up to 2**53).
      Value x = cast(lhs, dtype, DType::F64), y = cast(rhs, dtype, DType::F64);
      Value power =
          math::RoundEvenOp::create(b, loc, math::PowFOp::create(b, loc, x, y));
      return cast(power, DType::F64, dtype);
    }
    case BinaryOp::Max:
      if (isFloat)
        return arith::MaximumFOp::create(b, loc, lhs, rhs);
      return isBool ? Value(arith::MaxUIOp::create(b, loc, lhs, rhs))
                    : Value(arith::MaxSIOp::create(b, loc, lhs, rhs));
    case BinaryOp::Min:
      if (isFloat)
        return arith::MinimumFOp::create(b, loc, lhs, rhs);
      return isBool ? Value(arith::MinUIOp::create(b, loc, lhs, rhs))
                    : Value(arith::MinSIOp::create(b, loc, lhs, rhs));
    case BinaryOp::Mod:
      return buildFloorDivMod(b, loc, lhs, rhs, dtype, /*quotient=*/false,
                              constant);
    case BinaryOp::FloorDiv:
      return buildFloorDivMod(b, loc, lhs, rhs, dtype, /*quotient=*/true,
                              constant);
    case BinaryOp::Eq:
    case BinaryOp::Ne:
    case BinaryOp::Lt:
    case BinaryOp::Le:
    case BinaryOp::Gt:
    case BinaryOp::Ge:
      if (isFloat)
        return arith::CmpFOp::create(b, loc, floatPredicate(op.binary), lhs,
                                     rhs);
      return arith::CmpIOp::create(b, loc, integerPredicate(op.binary, isBool),
                                   lhs, rhs);
    case BinaryOp::And:
      return arith::AndIOp::create(b, loc, lhs, rhs);
    case BinaryOp::Or:
      return arith::OrIOp::create(b, loc, lhs, rhs);
    case BinaryOp::Xor:
      return arith::XOrIOp::create(b, loc, lhs, rhs);
    }
    break;
  }
  }
  llvm_unreachable("not an elementwise op");
}

} // namespace

Value Emitter::emitElementwise(const ElementwiseOp &op,
                               ArrayRef<Value> operands,
                               ArrayRef<TensorType> types,
                               const TensorType &type) {
  // Every size that is not broadcast (1) must be the result's; sizes the
  // frontend knows statically it checked already.
  SmallVector<OpFoldResult> sizes = broadcastSizes(operands, types, type);
  Value mismatch;
  for (auto [operand, operandType] : llvm::zip_equal(operands, types)) {
    SmallVector<OpFoldResult> operandSizes = mixedSizes(operand);
    int64_t leading = type.rank() - operandType.rank();
    for (int64_t j = 0; j < operandType.rank(); ++j) {
      if (operandType.shape[j] == 1)
        continue;
      Value differ =
          checkSizesEqual(operandSizes[j], sizes[leading + j],
                          runtime::ErrorCode::BroadcastMismatch, leading + j);
      if (differ)
        mismatch = mismatch
                       ? arith::OrIOp::create(builder, loc, mismatch, differ)
                       : differ;
    }
  }
  RankedTensorType resultType = toTensorType(*context(), type);
  return selectComputed(
      mismatch, resultType,
      [&] { return emitElementwiseOp(op, operands, types, type, sizes); },
      [&] { return zerosOf(type, sizes); });
}

Value Emitter::emitElementwiseOp(const ElementwiseOp &op, ValueRange operands,
                                 ArrayRef<TensorType> types,
                                 const TensorType &type,
                                 ArrayRef<OpFoldResult> sizes) {
  bool sameShapes = llvm::all_of(types, [&](const TensorType &operandType) {
    return operandType.shape == type.shape;
  });
  auto constant = [&](double value, DType dtype) {
    return scalarConstant(value, dtype);
  };
  auto cast = [&](Value value, DType from, DType to) {
    return castScalar(value, from, to);
  };
  if (sameShapes && isSingleOp(op))
    return buildElementwise(builder, loc, op, operands, constant, cast);

  Value init = emptyTensor(type, sizes);
  SmallVector<AffineMap> maps;
  for (const TensorType &operandType : types)
    maps.push_back(broadcastMap(operandType, type));
  maps.push_back(builder.getMultiDimIdentityMap(type.rank()));
  SmallVector<utils::IteratorType> iterators(type.rank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             builder, loc, TypeRange{init.getType()}, operands,
             ValueRange{init}, maps, iterators,
             [&](OpBuilder &b, Location l, ValueRange args) {
               OpBuilder::InsertionGuard guard(builder);
               builder.setInsertionPoint(b.getInsertionBlock(),
                                         b.getInsertionPoint());
               Value result = buildElementwise(builder, l, op, args.drop_back(),
                                               constant, cast);
               linalg::YieldOp::create(builder, l, result);
             })
      .getResult(0);
}

//===----------------------------------------------------------------------===//
// Checks
//===----------------------------------------------------------------------===//

Value Emitter::emitCheck(Value value, Value condition,
                         const TensorType &conditionType, StringRef message) {
  // All elements hold: a reduction with `and` over every axis.
  Value holds = condition;
  if (conditionType.rank() > 0) {
    TensorType scalar{DType::Bool, {}};
    Value init = linalg::FillOp::create(
                     builder, loc, ValueRange{scalarConstant(1, DType::Bool)},
                     ValueRange{emptyTensor(scalar, {})})
                     .getResult(0);
    SmallVector<int64_t> axes;
    for (int64_t d = 0; d < conditionType.rank(); ++d)
      axes.push_back(d);
    holds =
        linalg::ReduceOp::create(
            builder, loc, ValueRange{condition}, ValueRange{init}, axes,
            [](OpBuilder &b, Location l, ValueRange args) {
              linalg::YieldOp::create(
                  b, l, Value(arith::AndIOp::create(b, l, args[0], args[1])));
            })
            .getResult(0);
  }
  checkHolds(extractScalar(holds), message);
  // A value of its own, which the report goes with (see makeVar): the check
  // runs where the checked value is used, not where `value` is.
  return tensor::CastOp::create(builder, loc, value.getType(), value);
}

} // namespace scanjit::detail
