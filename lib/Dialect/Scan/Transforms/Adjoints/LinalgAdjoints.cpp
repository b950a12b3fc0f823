//===- LinalgAdjoints.cpp - Reverse-mode rules of linalg ops --------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The rules of the linalg ops the frontend emits: fill, all-parallel generics
// (broadcasts, fused elementwise ops) and linalg.map, reductions
// (linalg.reduce with an addf/mulf/max/min combiner), the contractions (dot,
// matvec, vecmat, matmul, batch_matmul), transpose and broadcast. Shapes are
// read at run time (tensor.dim), so the rules hold for dynamic sizes.
//
//===----------------------------------------------------------------------===//

#include "AdjointRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace scanjit::scan;
using namespace scanjit::scan::adjoints;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// A tensor.empty of `type` whose dynamic sizes are `sizes` (one per dim).
static Value buildEmpty(OpBuilder &builder, Location loc,
                        RankedTensorType type, ArrayRef<OpFoldResult> sizes) {
  return tensor::EmptyOp::create(builder, loc, sizes, type.getElementType());
}

/// A tensor.empty of the type and run-time shape of the tensor `like`.
static Value buildEmptyLike(OpBuilder &builder, Location loc, Value like) {
  auto type = cast<RankedTensorType>(like.getType());
  SmallVector<Value> dynamicSizes;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    if (type.isDynamicDim(dim))
      dynamicSizes.push_back(tensor::DimOp::create(builder, loc, like, dim));
  return tensor::EmptyOp::create(builder, loc, type, dynamicSizes);
}

/// Zeros of `type` with run-time sizes `sizes`: tensor.empty + linalg.fill.
static Value buildZeros(OpBuilder &builder, Location loc, RankedTensorType type,
                        ArrayRef<OpFoldResult> sizes) {
  Value zero = arith::ConstantOp::create(
      builder, loc, builder.getZeroAttr(type.getElementType()));
  Value empty = buildEmpty(builder, loc, type, sizes);
  return linalg::FillOp::create(builder, loc, ValueRange{zero},
                                ValueRange{empty})
      .getResult(0);
}

/// The map of `rank` loops onto the loops not in `dims` (the projection of a
/// reduction's iteration space onto its result).
static AffineMap getProjection(MLIRContext *ctx, int64_t rank,
                               ArrayRef<int64_t> dims) {
  SmallVector<AffineExpr> exprs;
  for (int64_t dim = 0; dim < rank; ++dim)
    if (!llvm::is_contained(dims, dim))
      exprs.push_back(getAffineDimExpr(dim, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// The sum of `value` over its dimensions `dims`, accumulated into `init`.
static Value buildSum(OpBuilder &builder, Location loc, Value value,
                      ArrayRef<int64_t> dims, Value init) {
  return linalg::ReduceOp::create(
             builder, loc, ValueRange{value}, ValueRange{init}, dims,
             [](OpBuilder &b, Location l, ValueRange args) {
               linalg::YieldOp::create(
                   b, l,
                   Value(arith::AddFOp::create(b, l, args[0], args[1])));
             })
      .getResult(0);
}

Value scanjit::scan::adjoints::buildSumAll(OpBuilder &builder, Location loc,
                                           Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() != 0) {
    auto scalarType = RankedTensorType::get({}, type.getElementType());
    Value init = buildZeros(builder, loc, scalarType, {});
    value = buildSum(builder, loc, value,
                     llvm::to_vector(llvm::seq<int64_t>(0, type.getRank())),
                     init);
  }
  return tensor::ExtractOp::create(builder, loc, value, ValueRange{});
}

/// An all-parallel linalg.generic of `rank` loops writing a tensor like
/// `like` (identity map) from `inputs` (read through `maps`), whose payload
/// `body` maps the input scalars to the output scalar.
static Value
buildMap(OpBuilder &builder, Location loc, Value like, ValueRange inputs,
         ArrayRef<AffineMap> maps,
         function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  auto type = cast<RankedTensorType>(like.getType());
  SmallVector<AffineMap> indexingMaps(maps);
  indexingMaps.push_back(
      builder.getMultiDimIdentityMap(static_cast<unsigned>(type.getRank())));
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             builder, loc, TypeRange{type}, inputs,
             ValueRange{buildEmptyLike(builder, loc, like)}, indexingMaps,
             iterators,
             [&](OpBuilder &b, Location l, ValueRange args) {
               linalg::YieldOp::create(b, l, body(b, l, args.drop_back()));
             })
      .getResult(0);
}

/// The outer product `lhs[i] * rhs[j]`, a matrix like `like`.
static Value buildOuter(OpBuilder &builder, Location loc, Value lhs, Value rhs,
                        Value like) {
  MLIRContext *ctx = builder.getContext();
  AffineMap rows = AffineMap::get(2, 0, getAffineDimExpr(0, ctx));
  AffineMap cols = AffineMap::get(2, 0, getAffineDimExpr(1, ctx));
  return buildMap(builder, loc, like, {lhs, rhs}, {rows, cols},
                  [](OpBuilder &b, Location l, ValueRange args) {
                    return arith::MulFOp::create(b, l, args[0], args[1])
                        .getResult();
                  });
}

/// `matrix` with its last two dimensions swapped (a linalg.transpose into a
/// tensor.empty): the transpose of a matrix, or of each matrix of a batch.
static Value buildTransposeLastTwo(OpBuilder &builder, Location loc,
                                   Value matrix) {
  auto type = cast<RankedTensorType>(matrix.getType());
  int64_t rank = type.getRank();
  SmallVector<int64_t> permutation =
      llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(permutation[rank - 2], permutation[rank - 1]);
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(builder, loc, matrix);
  applyPermutationToVector(sizes, permutation);
  SmallVector<int64_t> shape(type.getShape());
  applyPermutationToVector(shape, permutation);
  Value init = buildEmpty(
      builder, loc, RankedTensorType::get(shape, type.getElementType()), sizes);
  return linalg::TransposeOp::create(builder, loc, matrix, init, permutation)
      .getResult()[0];
}

/// Whether the contraction `op` reads and writes one floating-point element
/// type on tensors (no casts in its payload), which its rule assumes.
static LogicalResult checkContraction(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics())
    return op->emitOpError()
           << "cannot be differentiated: it is not on tensors";
  Type elementType = getElementTypeOrSelf(op->getResult(0));
  for (Value operand : op->getOperands())
    if (getElementTypeOrSelf(operand) != elementType)
      return op->emitOpError() << "cannot be differentiated: its operands "
                                  "and result have different element types";
  return success();
}

//===----------------------------------------------------------------------===//
// linalg.fill
//===----------------------------------------------------------------------===//

/// r = fill(v, init): every element of r is v, so dv = sum_i g[i]. The init
/// is overwritten and gets nothing.
static LogicalResult fillAdjoint(linalg::FillOp op, OpBuilder &builder,
                                 AdjointState &state) {
  if (op->getNumResults() != 1)
    return success();
  Value value = op.getInputs()[0];
  Value adjoint = state.getAdjoint(op->getResult(0));
  if (!adjoint || !state.needsAdjoint(value))
    return success();
  state.addAdjoint(builder, op.getLoc(), value,
                   buildSumAll(builder, op.getLoc(), adjoint));
  return success();
}

//===----------------------------------------------------------------------===//
// linalg.generic
//===----------------------------------------------------------------------===//

/// The adjoint of one value `primal` a parallel generic `op` reads: an input
/// (`argIndex` is its block argument) or a scalar its payload captures from
/// above (`argIndex` is -1). It is a generic over the same loops that reads
/// `op`'s inputs and the result adjoints `cotangents` (with the maps of their
/// results), recomputes the payload, differentiates the copy with respect to
/// the scalar, and accumulates into zeros like `primal` through `map`: the
/// loops `map` does not use are reductions, which sums the adjoint over the
/// dimensions a broadcast added. Returns null when the payload does not
/// depend on the scalar; fails when the payload has no rule. Where `map`
/// uses every loop, the generic writes into a tensor.empty instead.
static FailureOr<Value>
buildGenericOperandAdjoint(OpBuilder &builder, linalg::LinalgOp op,
                           Value primal, AffineMap map, int64_t argIndex,
                           ArrayRef<Value> cotangents,
                           ArrayRef<unsigned> resultIndices) {
  Location loc = op.getLoc();
  // Only loops `map` drops accumulate; where it uses every loop, each
  // element is written once and the payload does not read its output (which
  // keeps the generic elementwise for linalg's fusion).
  bool accumulates = llvm::any_of(
      llvm::seq<unsigned>(0, op.getNumLoops()),
      [&](unsigned loop) { return !map.isFunctionOfDim(loop); });
  auto primalType = dyn_cast<RankedTensorType>(primal.getType());
  Value init;
  if (primalType) {
    init = accumulates ? buildZerosLike(builder, loc, primal)
                       : buildEmptyLike(builder, loc, primal);
  } else {
    primalType = RankedTensorType::get({}, primal.getType());
    init = accumulates ? buildZeros(builder, loc, primalType, {})
                       : buildEmpty(builder, loc, primalType, {});
  }

  SmallVector<AffineMap> maps;
  SmallVector<AffineMap> forwardMaps = op.getIndexingMapsArray();
  unsigned numInputs = op.getNumDpsInputs();
  maps.append(forwardMaps.begin(), forwardMaps.begin() + numInputs);
  for (unsigned result : resultIndices)
    maps.push_back(forwardMaps[numInputs + result]);
  maps.push_back(map);
  SmallVector<utils::IteratorType> iterators;
  for (unsigned loop = 0; loop < op.getNumLoops(); ++loop)
    iterators.push_back(map.isFunctionOfDim(loop)
                            ? utils::IteratorType::parallel
                            : utils::IteratorType::reduction);

  SmallVector<Value> inputs(op.getDpsInputs());
  inputs.append(cotangents.begin(), cotangents.end());
  Block &forward = op->getRegion(0).front();
  auto yield = cast<linalg::YieldOp>(forward.getTerminator());
  bool failedRule = false, depends = true;
  auto adjointOp = linalg::GenericOp::create(
      builder, loc, TypeRange{primalType}, inputs, ValueRange{init}, maps,
      iterators, [&](OpBuilder &b, Location l, ValueRange args) {
        IRMapping mapping;
        for (unsigned i = 0; i < numInputs; ++i)
          mapping.map(forward.getArgument(i), args[i]);
        for (Operation &payloadOp : forward.without_terminator())
          b.clone(payloadOp, mapping);
        SmallVector<Value> seeds, seedAdjoints;
        for (auto [i, result] : llvm::enumerate(resultIndices)) {
          seeds.push_back(mapping.lookupOrDefault(yield.getOperand(result)));
          seedAdjoints.push_back(args[numInputs + i]);
        }
        Value wrt = argIndex >= 0 ? args[argIndex] : primal;
        SmallVector<Value> adjoints;
        Value element = args.back();
        if (failed(differentiateBlock(b, *b.getInsertionBlock(), seeds,
                                      seedAdjoints, wrt, adjoints))) {
          failedRule = true;
        } else if (!adjoints.front()) {
          depends = false;
        } else {
          element = accumulates ? arith::AddFOp::create(b, l, element,
                                                        adjoints.front())
                                      .getResult()
                                : adjoints.front();
        }
        linalg::YieldOp::create(b, l, element);
        // The copies of forward ops the sweep did not read.
        SmallVector<Operation *> ops = llvm::map_to_vector(
            b.getInsertionBlock()->without_terminator(),
            [](Operation &payloadOp) { return &payloadOp; });
        for (Operation *payloadOp : llvm::reverse(ops))
          if (isOpTriviallyDead(payloadOp))
            payloadOp->erase();
      });
  if (failedRule || !depends) {
    adjointOp.erase();
    if (failedRule)
      return failure();
    return Value();
  }
  Value adjoint = adjointOp.getResult(0);
  if (!isa<RankedTensorType>(primal.getType()))
    adjoint = tensor::ExtractOp::create(builder, loc, adjoint, ValueRange{});
  return adjoint;
}

/// r[p] = f(x_1[m_1(p)], ..., x_n[m_n(p)]) over all-parallel loops p: each
/// x_k gets dx_k[m_k(p)] += g[p] * df/dx_k at p, summed over the loops m_k
/// drops (the dimensions a broadcast adds), and a captured scalar c gets the
/// sum over all p of g[p] * df/dc. f is the payload, differentiated by
/// differentiateBlock; the outputs are overwritten and get nothing.
static LogicalResult parallelAdjoint(linalg::LinalgOp op, OpBuilder &builder,
                                     AdjointState &state) {
  if (!op.hasPureTensorSemantics())
    return op->emitOpError()
           << "cannot be differentiated: it is not on tensors";
  if (op.getNumReductionLoops() != 0 ||
      op.getNumParallelLoops() != op.getNumLoops())
    return op->emitOpError()
           << "cannot be differentiated: only all-parallel generics have a "
              "reverse-mode rule";
  // The payload's arguments after the inputs are the outputs' elements
  // (linalg.map's payload has one too; payloadUsesValueFromOperand says
  // false for it whatever the payload does).
  Block &payload = op->getRegion(0).front();
  if (llvm::any_of(payload.getArguments().drop_front(op.getNumDpsInputs()),
                   [](BlockArgument output) { return !output.use_empty(); }))
    return op->emitOpError()
           << "cannot be differentiated: its payload reads its output";
  for (OpOperand &init : op.getDpsInitsMutable())
    if (!op.getMatchingIndexingMap(&init).isPermutation())
      return op->emitOpError() << "cannot be differentiated: an output map is "
                                  "not a permutation";

  SmallVector<Value> cotangents;
  SmallVector<unsigned> resultIndices;
  for (OpResult result : op->getResults())
    if (Value adjoint = state.getAdjoint(result)) {
      cotangents.push_back(adjoint);
      resultIndices.push_back(result.getResultNumber());
    }
  if (cotangents.empty())
    return success();

  Location loc = op.getLoc();
  for (OpOperand *input : op.getDpsInputOperands()) {
    if (!state.needsAdjoint(input->get()))
      continue;
    FailureOr<Value> adjoint = buildGenericOperandAdjoint(
        builder, op, input->get(), op.getMatchingIndexingMap(input),
        input->getOperandNumber(), cotangents, resultIndices);
    if (failed(adjoint))
      return failure();
    state.addAdjoint(builder, loc, input->get(), *adjoint);
  }

  llvm::SetVector<Value> captured;
  getUsedValuesDefinedAbove(op->getRegion(0), captured);
  AffineMap toScalar = AffineMap::get(op.getNumLoops(), 0, op.getContext());
  for (Value value : captured) {
    if (!state.needsAdjoint(value))
      continue;
    if (isa<ShapedType>(value.getType()))
      return op->emitOpError() << "cannot be differentiated: its payload "
                                  "captures a tensor from above";
    FailureOr<Value> adjoint = buildGenericOperandAdjoint(
        builder, op, value, toScalar, -1, cotangents, resultIndices);
    if (failed(adjoint))
      return failure();
    state.addAdjoint(builder, loc, value, *adjoint);
  }
  return success();
}

static LogicalResult genericAdjoint(linalg::GenericOp op, OpBuilder &builder,
                                    AdjointState &state) {
  return parallelAdjoint(op, builder, state);
}

/// linalg.map is a parallel generic with identity maps: the same rule.
static LogicalResult mapAdjoint(linalg::MapOp op, OpBuilder &builder,
                                AdjointState &state) {
  return parallelAdjoint(op, builder, state);
}

//===----------------------------------------------------------------------===//
// linalg.reduce
//===----------------------------------------------------------------------===//

namespace {
/// The combiners of linalg.reduce with a rule.
enum class Combiner { Add, Mul, Extremum };
} // namespace

/// The combiner of `op`'s body: one addf, mulf or max/min of its two block
/// arguments, yielded.
static FailureOr<Combiner> getCombiner(linalg::ReduceOp op) {
  Block &body = op.getCombiner().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  Operation *combiner = yield.getNumOperands() == 1
                            ? yield.getOperand(0).getDefiningOp()
                            : nullptr;
  if (!combiner || combiner->getBlock() != &body ||
      body.getOperations().size() != 2 || combiner->getNumOperands() != 2 ||
      !llvm::is_contained(combiner->getOperands(), body.getArgument(0)) ||
      !llvm::is_contained(combiner->getOperands(), body.getArgument(1)))
    return failure();
  if (isa<arith::AddFOp>(combiner))
    return Combiner::Add;
  if (isa<arith::MulFOp>(combiner))
    return Combiner::Mul;
  if (isa<arith::MaximumFOp, arith::MaxNumFOp, arith::MinimumFOp,
          arith::MinNumFOp>(combiner))
    return Combiner::Extremum;
  return failure();
}

/// The adjoint of one term `x` of a reduction r = init (+) x_1 (+) ... for
/// combiner `kind`, given r and g at the same point: g for addf, g * r / x for
/// mulf, g where x == r (else 0) for max/min (every tied term gets g).
static Value buildTermAdjoint(OpBuilder &b, Location loc, Combiner kind,
                              Value x, Value r, Value g) {
  switch (kind) {
  case Combiner::Add:
    return g;
  case Combiner::Mul:
    return arith::DivFOp::create(b, loc, arith::MulFOp::create(b, loc, g, r),
                                 x);
  case Combiner::Extremum: {
    Value isExtremum =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x, r);
    Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(g.getType()));
    return arith::SelectOp::create(b, loc, isExtremum, g, zero);
  }
  }
  llvm_unreachable("unknown combiner");
}

/// r[q] = init[q] (+) x[p_1] (+) ... over the points p of x that project onto
/// q (dropping the reduced dims): dx[p] = g[q] * dr/dx[p] and dinit[q] =
/// g[q] * dr/dinit[q], with the derivatives of buildTermAdjoint (addf: g
/// broadcast over the reduced dims; max/min: g where x[p] == r[q]; mulf:
/// g * r / x).
static LogicalResult reduceAdjoint(linalg::ReduceOp op, OpBuilder &builder,
                                   AdjointState &state) {
  if (op.getInputs().size() != 1 || !op.hasPureTensorSemantics())
    return op.emitOpError() << "cannot be differentiated: only reductions of "
                               "one tensor have a reverse-mode rule";
  FailureOr<Combiner> kind = getCombiner(op);
  if (failed(kind))
    return op.emitOpError()
           << "cannot be differentiated: its combiner is not one addf, mulf, "
              "maximumf, maxnumf, minimumf or minnumf of its arguments";
  Value result = op->getResult(0);
  Value adjoint = state.getAdjoint(result);
  if (!adjoint)
    return success();

  Location loc = op.getLoc();
  Value input = op.getInputs()[0], init = op.getInits()[0];
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  if (state.needsAdjoint(input)) {
    AffineMap identity = builder.getMultiDimIdentityMap(rank);
    AffineMap projection =
        getProjection(builder.getContext(), rank, op.getDimensions());
    Combiner combiner = *kind;
    Value inputAdjoint =
        combiner == Combiner::Add
            ? buildMap(builder, loc, input, {adjoint}, {projection},
                       [](OpBuilder &, Location, ValueRange args) {
                         return args[0];
                       })
            : buildMap(builder, loc, input, {input, result, adjoint},
                       {identity, projection, projection},
                       [&](OpBuilder &b, Location l, ValueRange args) {
                         return buildTermAdjoint(b, l, combiner, args[0],
                                                 args[1], args[2]);
                       });
    state.addAdjoint(builder, loc, input, inputAdjoint);
  }
  if (state.needsAdjoint(init)) {
    Value initAdjoint = adjoint;
    if (*kind != Combiner::Add) {
      AffineMap identity = builder.getMultiDimIdentityMap(
          static_cast<unsigned>(rank) -
          static_cast<unsigned>(op.getDimensions().size()));
      Combiner combiner = *kind;
      initAdjoint = buildMap(builder, loc, init, {init, result, adjoint},
                             {identity, identity, identity},
                             [&](OpBuilder &b, Location l, ValueRange args) {
                               return buildTermAdjoint(b, l, combiner, args[0],
                                                       args[1], args[2]);
                             });
    }
    state.addAdjoint(builder, loc, init, initAdjoint);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

/// C = init + A B: dA = G B^T, dB = A^T G, dinit = G; for a batch
/// (linalg.batch_matmul) the same for each matrix of it.
template <typename OpTy>
static LogicalResult matrixProductAdjoint(OpTy op, OpBuilder &builder,
                                          AdjointState &state) {
  if (op.hasUserDefinedMaps())
    return op.emitOpError() << "cannot be differentiated: only products with "
                               "the default indexing maps have a rule";
  if (failed(checkContraction(op)))
    return failure();
  Value adjoint = state.getAdjoint(op->getResult(0));
  if (!adjoint)
    return success();
  Location loc = op.getLoc();
  Value lhs = op.getInputs()[0], rhs = op.getInputs()[1];
  if (state.needsAdjoint(lhs)) {
    Value rhsT = buildTransposeLastTwo(builder, loc, rhs);
    Value zeros = buildZerosLike(builder, loc, lhs);
    state.addAdjoint(builder, loc, lhs,
                     OpTy::create(builder, loc, TypeRange{lhs.getType()},
                                  ValueRange{adjoint, rhsT}, ValueRange{zeros})
                         .getResult(0));
  }
  if (state.needsAdjoint(rhs)) {
    Value lhsT = buildTransposeLastTwo(builder, loc, lhs);
    Value zeros = buildZerosLike(builder, loc, rhs);
    state.addAdjoint(builder, loc, rhs,
                     OpTy::create(builder, loc, TypeRange{rhs.getType()},
                                  ValueRange{lhsT, adjoint}, ValueRange{zeros})
                         .getResult(0));
  }
  state.addAdjoint(builder, loc, op.getOutputs()[0], adjoint);
  return success();
}

/// y = init + A x: dA = g x^T (an outer product), dx = A^T g (vecmat(g, A)),
/// dinit = g.
static LogicalResult matvecAdjoint(linalg::MatvecOp op, OpBuilder &builder,
                                   AdjointState &state) {
  if (failed(checkContraction(op)))
    return failure();
  Value adjoint = state.getAdjoint(op->getResult(0));
  if (!adjoint)
    return success();
  Location loc = op.getLoc();
  Value matrix = op.getInputs()[0], vector = op.getInputs()[1];
  if (state.needsAdjoint(matrix))
    state.addAdjoint(builder, loc, matrix,
                     buildOuter(builder, loc, adjoint, vector, matrix));
  if (state.needsAdjoint(vector)) {
    Value zeros = buildZerosLike(builder, loc, vector);
    state.addAdjoint(builder, loc, vector,
                     linalg::VecmatOp::create(builder, loc,
                                              TypeRange{vector.getType()},
                                              ValueRange{adjoint, matrix},
                                              ValueRange{zeros})
                         .getResult(0));
  }
  state.addAdjoint(builder, loc, op.getOutputs()[0], adjoint);
  return success();
}

/// y = init + x A: dx = A g (matvec(A, g)), dA = x g^T (an outer product),
/// dinit = g.
static LogicalResult vecmatAdjoint(linalg::VecmatOp op, OpBuilder &builder,
                                   AdjointState &state) {
  if (failed(checkContraction(op)))
    return failure();
  Value adjoint = state.getAdjoint(op->getResult(0));
  if (!adjoint)
    return success();
  Location loc = op.getLoc();
  Value vector = op.getInputs()[0], matrix = op.getInputs()[1];
  if (state.needsAdjoint(vector)) {
    Value zeros = buildZerosLike(builder, loc, vector);
    state.addAdjoint(builder, loc, vector,
                     linalg::MatvecOp::create(builder, loc,
                                              TypeRange{vector.getType()},
                                              ValueRange{matrix, adjoint},
                                              ValueRange{zeros})
                         .getResult(0));
  }
  if (state.needsAdjoint(matrix))
    state.addAdjoint(builder, loc, matrix,
                     buildOuter(builder, loc, vector, adjoint, matrix));
  state.addAdjoint(builder, loc, op.getOutputs()[0], adjoint);
  return success();
}

/// s = init + x . y: dx = g y, dy = g x (g broadcast), dinit = g.
static LogicalResult dotAdjoint(linalg::DotOp op, OpBuilder &builder,
                                AdjointState &state) {
  if (failed(checkContraction(op)))
    return failure();
  Value adjoint = state.getAdjoint(op->getResult(0));
  if (!adjoint)
    return success();
  Location loc = op.getLoc();
  Value lhs = op.getInputs()[0], rhs = op.getInputs()[1];
  MLIRContext *ctx = builder.getContext();
  AffineMap toScalar = AffineMap::get(1, 0, ctx);
  AffineMap identity = builder.getMultiDimIdentityMap(1);
  auto scale = [&](Value vector) {
    return buildMap(builder, loc, vector, {adjoint, vector},
                    {toScalar, identity},
                    [](OpBuilder &b, Location l, ValueRange args) {
                      return arith::MulFOp::create(b, l, args[0], args[1])
                          .getResult();
                    });
  };
  if (state.needsAdjoint(lhs))
    state.addAdjoint(builder, loc, lhs, scale(rhs));
  if (state.needsAdjoint(rhs))
    state.addAdjoint(builder, loc, rhs, scale(lhs));
  state.addAdjoint(builder, loc, op.getOutputs()[0], adjoint);
  return success();
}

//===----------------------------------------------------------------------===//
// linalg.transpose, linalg.broadcast
//===----------------------------------------------------------------------===//

/// r = transpose(x, perm): dx = transpose(g, perm^-1). The init gets nothing.
static LogicalResult transposeAdjoint(linalg::TransposeOp op,
                                      OpBuilder &builder, AdjointState &state) {
  if (!op.hasPureTensorSemantics())
    return op.emitOpError() << "cannot be differentiated: it is not on tensors";
  Value adjoint = state.getAdjoint(op->getResult(0));
  Value input = op.getInput();
  if (!adjoint || !state.needsAdjoint(input))
    return success();
  Location loc = op.getLoc();
  Value init = buildEmptyLike(builder, loc, input);
  state.addAdjoint(
      builder, loc, input,
      linalg::TransposeOp::create(builder, loc, adjoint, init,
                                  invertPermutationVector(op.getPermutation()))
          .getResult()[0]);
  return success();
}

/// r = broadcast(x) adding the dims `dimensions`: dx = sum of g over them.
/// The init gets nothing.
static LogicalResult broadcastAdjoint(linalg::BroadcastOp op,
                                      OpBuilder &builder, AdjointState &state) {
  if (!op.hasPureTensorSemantics())
    return op.emitOpError() << "cannot be differentiated: it is not on tensors";
  Value adjoint = state.getAdjoint(op->getResult(0));
  Value input = op.getInput();
  if (!adjoint || !state.needsAdjoint(input))
    return success();
  Location loc = op.getLoc();
  Value zeros = buildZerosLike(builder, loc, input);
  state.addAdjoint(builder, loc, input,
                   buildSum(builder, loc, adjoint, op.getDimensions(), zeros));
  return success();
}

void scanjit::scan::registerLinalgAdjointModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, linalg::LinalgDialect *) {
    linalg::FillOp::attachInterface<RuleModel<linalg::FillOp, fillAdjoint>>(
        *ctx);
    linalg::GenericOp::attachInterface<
        RuleModel<linalg::GenericOp, genericAdjoint>>(*ctx);
    linalg::MapOp::attachInterface<RuleModel<linalg::MapOp, mapAdjoint>>(*ctx);
    linalg::ReduceOp::attachInterface<
        RuleModel<linalg::ReduceOp, reduceAdjoint>>(*ctx);
    linalg::MatmulOp::attachInterface<
        RuleModel<linalg::MatmulOp, matrixProductAdjoint<linalg::MatmulOp>>>(
        *ctx);
    linalg::BatchMatmulOp::attachInterface<RuleModel<
        linalg::BatchMatmulOp, matrixProductAdjoint<linalg::BatchMatmulOp>>>(
        *ctx);
    linalg::MatvecOp::attachInterface<
        RuleModel<linalg::MatvecOp, matvecAdjoint>>(*ctx);
    linalg::VecmatOp::attachInterface<
        RuleModel<linalg::VecmatOp, vecmatAdjoint>>(*ctx);
    linalg::DotOp::attachInterface<RuleModel<linalg::DotOp, dotAdjoint>>(
        *ctx);
    linalg::TransposeOp::attachInterface<
        RuleModel<linalg::TransposeOp, transposeAdjoint>>(*ctx);
    linalg::BroadcastOp::attachInterface<
        RuleModel<linalg::BroadcastOp, broadcastAdjoint>>(*ctx);
  });
}
