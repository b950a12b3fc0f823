//===- PackInvariantMatvec.cpp - Loop matvecs as register-blocked kernels -===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Rewrites a matrix-vector product inside a loop, whose matrix the loop does
// not change, into a vector kernel over a copy of the matrix packed once
// before the loop, with the product's elementwise consumers as the kernel's
// epilogue. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANPACKINVARIANTMATVECPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// A matrix-vector product as the kernel computes it:
///   out[j] = init[j] + sum_i vector[i] * packed[i][j],
/// where `packed` is the matrix laid out with the reduction index i as rows.
struct Product {
  Operation *op;
  Value matrix;
  Value vector;
  Value init;
  /// Whether the op reads the matrix as [out, reduction] (linalg.matvec), so
  /// that packing transposes it; linalg.vecmat reads [reduction, out].
  bool transposed;
  int64_t outSize;
  int64_t reductionSize;
  Type elementType;
};

/// The 1-D static tensor type of `value` with `size` elements, or null.
RankedTensorType getVectorLikeType(Value value, int64_t size) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() != 1 || type.getDimSize(0) != size ||
      !type.getElementType().isIntOrIndexOrFloat())
    return nullptr;
  return type;
}

/// `op` as a Product when it is a static f32/f64 linalg.matvec or
/// linalg.vecmat on tensors.
std::optional<Product> matchProduct(Operation *op) {
  Product product;
  product.op = op;
  if (auto matvec = dyn_cast<linalg::MatvecOp>(op)) {
    if (!matvec.hasPureTensorSemantics())
      return std::nullopt;
    product.matrix = matvec.getInputs()[0];
    product.vector = matvec.getInputs()[1];
    product.init = matvec.getOutputs()[0];
    product.transposed = true;
  } else if (auto vecmat = dyn_cast<linalg::VecmatOp>(op)) {
    if (!vecmat.hasPureTensorSemantics())
      return std::nullopt;
    product.vector = vecmat.getInputs()[0];
    product.matrix = vecmat.getInputs()[1];
    product.init = vecmat.getOutputs()[0];
    product.transposed = false;
  } else {
    return std::nullopt;
  }
  auto matrixType = dyn_cast<RankedTensorType>(product.matrix.getType());
  if (!matrixType || !matrixType.hasStaticShape() || matrixType.getRank() != 2)
    return std::nullopt;
  product.elementType = matrixType.getElementType();
  if (!product.elementType.isF32() && !product.elementType.isF64())
    return std::nullopt;
  product.outSize = matrixType.getDimSize(product.transposed ? 0 : 1);
  product.reductionSize = matrixType.getDimSize(product.transposed ? 1 : 0);
  if (product.outSize == 0 || product.reductionSize == 0)
    return std::nullopt;
  RankedTensorType vectorType =
      getVectorLikeType(product.vector, product.reductionSize);
  RankedTensorType initType = getVectorLikeType(product.init, product.outSize);
  if (!vectorType || !initType ||
      vectorType.getElementType() != product.elementType ||
      initType.getElementType() != product.elementType)
    return std::nullopt;
  return product;
}

/// The outermost loop around `op` that does not define `value`, or null when
/// the loop right around `op` defines it (or there is none).
Operation *findOutermostInvariantLoop(Operation *op, Value value) {
  Operation *found = nullptr;
  for (Operation *parent = op->getParentOp(); parent;
       parent = parent->getParentOp()) {
    if (parent->hasTrait<OpTrait::IsIsolatedFromAbove>())
      break;
    auto loop = dyn_cast<LoopLikeOpInterface>(parent);
    if (!loop)
      continue;
    if (!loop.isDefinedOutsideOfLoop(value))
      break;
    found = parent;
  }
  return found;
}

/// The pure elementwise ops that consume `value`, each the only user of the
/// one before, in its block, with every operand and result a 1-D tensor of
/// `size` elements: the epilogue the kernel applies in registers.
SmallVector<Operation *> collectEpilogue(Value value, int64_t size) {
  SmallVector<Operation *> epilogue;
  Block *block = value.getDefiningOp()->getBlock();
  while (value.hasOneUse()) {
    Operation *user = *value.user_begin();
    if (user->getBlock() != block || user->getNumResults() != 1 ||
        user->getNumRegions() != 0 ||
        !OpTrait::hasElementwiseMappableTraits(user) || !isPure(user))
      break;
    auto isVectorLike = [&](Value v) {
      return static_cast<bool>(getVectorLikeType(v, size));
    };
    if (!llvm::all_of(user->getOperands(), isVectorLike) ||
        !isVectorLike(user->getResult(0)))
      break;
    epilogue.push_back(user);
    value = user->getResult(0);
  }
  return epilogue;
}

/// How the kernel blocks the output: `fullBlocks` blocks of `blockSize`
/// elements, then `tail` elements.
struct Blocking {
  int64_t blockSize;
  int64_t fullBlocks;
  int64_t tail;
};

/// The matrix of a product laid out for the kernel: each block of outputs
/// has its own contiguous panel, row i holding the block's matrix elements
/// that multiply x[i], so that the kernel streams through memory.
struct PackedMatrix {
  /// [fullBlocks, reduction, blockSize], or null without full blocks.
  Value blocks;
  /// [reduction, tail], or null without a tail.
  Value tail;
};

/// Emits the kernel of one product at the builder's insertion point.
class KernelEmitter {
public:
  KernelEmitter(OpBuilder &builder, const Product &product,
                const Blocking &blocking, const PackedMatrix &packed,
                ArrayRef<Operation *> epilogue, int64_t lanes,
                int64_t blockVectors)
      : builder(builder), loc(product.op->getLoc()), product(product),
        blocking(blocking), packed(packed), epilogue(epilogue), lanes(lanes),
        blockVectors(blockVectors) {}

  /// The product after its epilogue, as a new tensor.
  Value emit() {
    Operation *last = epilogue.empty() ? product.op : epilogue.back();
    auto resultType = cast<RankedTensorType>(last->getResult(0).getType());
    Value dest = tensor::EmptyOp::create(builder, loc, resultType.getShape(),
                                         resultType.getElementType());
    int64_t blockSize = blocking.blockSize;
    if (blocking.fullBlocks == 1) {
      Value zero = index(builder, 0);
      dest = emitBlock(builder, dest, zero, zero, blockSize);
    } else if (blocking.fullBlocks > 1) {
      auto blocks = scf::ForOp::create(
          builder, loc, index(builder, 0), index(builder, blocking.fullBlocks),
          index(builder, 1), ValueRange{dest},
          [&](OpBuilder &nested, Location, Value block, ValueRange args) {
            Value offset = arith::MulIOp::create(nested, loc, block,
                                                 index(nested, blockSize));
            Value next =
                emitBlock(nested, args.front(), block, offset, blockSize);
            scf::YieldOp::create(nested, loc, next);
          });
      dest = blocks.getResult(0);
    }
    if (blocking.tail != 0)
      dest = emitBlock(builder, dest, /*block=*/nullptr,
                       index(builder, blocking.fullBlocks * blockSize),
                       blocking.tail);
    return dest;
  }

private:
  Value index(OpBuilder &b, int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }

  /// Reads `size` elements of the 1-D `tensor` from `offset`.
  Value read(OpBuilder &b, Value tensor, Value offset, int64_t size) {
    Type elementType =
        cast<RankedTensorType>(tensor.getType()).getElementType();
    Value padding =
        arith::ConstantOp::create(b, loc, b.getZeroAttr(elementType));
    return vector::TransferReadOp::create(
        b, loc, VectorType::get({size}, elementType), tensor,
        ValueRange{offset}, padding, ArrayRef<bool>{true});
  }

  /// The accumulator's start: the fill value of a filled init, else the
  /// init's elements.
  Value readInit(OpBuilder &b, Value offset, int64_t size) {
    auto vectorType = VectorType::get({size}, product.elementType);
    if (auto fill = product.init.getDefiningOp<linalg::FillOp>()) {
      Value value = fill.getInputs().front();
      if (value.getType() == product.elementType)
        return vector::BroadcastOp::create(b, loc, vectorType, value);
    }
    return read(b, product.init, offset, size);
  }

  /// acc + x[i] * (row i of the panel of `block`, or of the tail when
  /// `block` is null).
  Value multiplyAdd(OpBuilder &b, Value block, Value i, Value acc,
                    int64_t size) {
    auto vectorType = VectorType::get({size}, product.elementType);
    Value x = tensor::ExtractOp::create(b, loc, product.vector, ValueRange{i});
    Value xs = vector::BroadcastOp::create(b, loc, vectorType, x);
    Value padding =
        arith::ConstantOp::create(b, loc, b.getZeroAttr(product.elementType));
    Value zero = index(b, 0);
    Value row =
        block
            ? vector::TransferReadOp::create(b, loc, vectorType, packed.blocks,
                                             ValueRange{block, i, zero},
                                             padding, ArrayRef<bool>{true})
            : vector::TransferReadOp::create(b, loc, vectorType, packed.tail,
                                             ValueRange{i, zero}, padding,
                                             ArrayRef<bool>{true});
    return vector::FMAOp::create(b, loc, row, xs, acc);
  }

  /// Accumulates the `size` outputs at `offset` over the whole reduction,
  /// in several partial sums when the block has few vectors (an fma waits
  /// for the one before on the same accumulator).
  Value reduce(OpBuilder &b, Value block, Value offset, int64_t size) {
    int64_t vectors = (size + lanes - 1) / lanes;
    int64_t partials = std::clamp<int64_t>(blockVectors / vectors, 1, 4);
    partials = std::min(partials, product.reductionSize);
    auto vectorType = VectorType::get({size}, product.elementType);
    SmallVector<Value> sums = {readInit(b, offset, size)};
    for (int64_t k = 1; k < partials; ++k)
      sums.push_back(arith::ConstantOp::create(b, loc, vectorType,
                                               b.getZeroAttr(vectorType)));
    int64_t looped = product.reductionSize / partials * partials;
    auto loop = scf::ForOp::create(
        b, loc, index(b, 0), index(b, looped), index(b, partials), sums,
        [&](OpBuilder &nested, Location, Value i, ValueRange args) {
          SmallVector<Value> next;
          for (int64_t k = 0; k < partials; ++k) {
            Value ik =
                k == 0 ? i
                       : arith::AddIOp::create(nested, loc, i, index(nested, k))
                             .getResult();
            next.push_back(multiplyAdd(nested, block, ik, args[k], size));
          }
          scf::YieldOp::create(nested, loc, next);
        });
    sums.assign(loop.getResults().begin(), loop.getResults().end());
    for (int64_t i = looped; i < product.reductionSize; ++i)
      sums[i - looped] =
          multiplyAdd(b, block, index(b, i), sums[i - looped], size);
    while (sums.size() > 1) {
      SmallVector<Value> halved;
      for (size_t k = 0; k + 1 < sums.size(); k += 2)
        halved.push_back(arith::AddFOp::create(b, loc, sums[k], sums[k + 1]));
      if (sums.size() % 2)
        halved.push_back(sums.back());
      sums = std::move(halved);
    }
    return sums.front();
  }

  /// The `size` outputs at `offset` (those of panel `block`, or the tail),
  /// after the epilogue, written into `dest`.
  Value emitBlock(OpBuilder &b, Value dest, Value block, Value offset,
                  int64_t size) {
    Value value = reduce(b, block, offset, size);
    Value previous = product.op->getResult(0);
    for (Operation *op : epilogue) {
      IRMapping mapping;
      for (Value operand : op->getOperands())
        mapping.map(operand, operand == previous
                                 ? value
                                 : read(b, operand, offset, size));
      Operation *vectorOp = b.clone(*op, mapping);
      vectorOp->getResult(0).setType(VectorType::get(
          {size}, getElementTypeOrSelf(op->getResult(0).getType())));
      value = vectorOp->getResult(0);
      previous = op->getResult(0);
    }
    return vector::TransferWriteOp::create(
               b, loc, value, dest, ValueRange{offset}, ArrayRef<bool>{true})
        .getResult();
  }

  OpBuilder &builder;
  Location loc;
  const Product &product;
  const Blocking &blocking;
  const PackedMatrix &packed;
  ArrayRef<Operation *> epilogue;
  int64_t lanes;
  int64_t blockVectors;
};

/// Copies the part of `product`'s matrix whose outputs start at
/// `outOffset` into a tensor of `shape` (the [blocks, reduction, block]
/// panels, or the [reduction, tail] tail) with one linalg.generic.
Value packPart(OpBuilder &builder, Location loc, const Product &product,
               ArrayRef<int64_t> shape, int64_t blockSize, int64_t outOffset) {
  MLIRContext *context = builder.getContext();
  // The output index of element (..., i, jj) of the part: panel * blockSize
  // + jj (+ the offset of the tail).
  bool panels = shape.size() == 3;
  AffineExpr reduction = getAffineDimExpr(panels ? 1 : 0, context);
  AffineExpr within = getAffineDimExpr(panels ? 2 : 1, context);
  AffineExpr out = within + outOffset;
  if (panels)
    out = getAffineDimExpr(0, context) * blockSize + within;
  unsigned rank = shape.size();
  AffineMap read = product.transposed
                       ? AffineMap::get(rank, 0, {out, reduction}, context)
                       : AffineMap::get(rank, 0, {reduction, out}, context);
  AffineMap write = AffineMap::getMultiDimIdentityMap(rank, context);
  Value empty =
      tensor::EmptyOp::create(builder, loc, shape, product.elementType);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             builder, loc, empty.getType(), ValueRange{product.matrix},
             ValueRange{empty}, ArrayRef<AffineMap>{read, write}, iterators,
             [](OpBuilder &b, Location loc, ValueRange args) {
               linalg::YieldOp::create(b, loc, args.front());
             })
      .getResult(0);
}

struct ScanPackInvariantMatvecPass
    : public scanjit::impl::ScanPackInvariantMatvecPassBase<
          ScanPackInvariantMatvecPass> {
  using Base::Base;

  void runOnOperation() override {
    if (vectorBytes <= 0 || blockVectors <= 0) {
      getOperation().emitError(
          "vector-bytes and block-vectors must be positive");
      return signalPassFailure();
    }
    packedMatrices.clear();
    // Matched again when rewritten: a rewrite replaces values that a later
    // product may read (one product's init can be another's result).
    SmallVector<Operation *> candidates;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::MatvecOp, linalg::VecmatOp>(op))
        candidates.push_back(op);
    });
    for (Operation *op : candidates)
      if (std::optional<Product> product = matchProduct(op))
        if (product->outSize * product->reductionSize <= maxElements)
          rewrite(*product);
  }

private:
  /// The matrix of `product` packed before `loop`, made once per matrix,
  /// loop and orientation.
  PackedMatrix getPacked(const Product &product, const Blocking &blocking,
                         Operation *loop) {
    auto key = std::make_tuple(product.matrix, loop,
                               static_cast<unsigned>(product.transposed));
    auto it = packedMatrices.find(key);
    if (it != packedMatrices.end())
      return it->second;
    OpBuilder builder(loop);
    Location loc = product.matrix.getLoc();
    PackedMatrix packed;
    if (blocking.fullBlocks != 0)
      packed.blocks = packPart(
          builder, loc, product,
          {blocking.fullBlocks, product.reductionSize, blocking.blockSize},
          blocking.blockSize, 0);
    if (blocking.tail != 0)
      packed.tail = packPart(
          builder, loc, product, {product.reductionSize, blocking.tail},
          blocking.blockSize, blocking.fullBlocks * blocking.blockSize);
    packedMatrices[key] = packed;
    return packed;
  }

  void rewrite(const Product &product) {
    Operation *loop = findOutermostInvariantLoop(product.op, product.matrix);
    if (!loop)
      return;
    int64_t elementBytes = product.elementType.getIntOrFloatBitWidth() / 8;
    int64_t lanes = std::max<int64_t>(1, vectorBytes / elementBytes);
    Blocking blocking;
    blocking.blockSize = std::min(product.outSize, blockVectors * lanes);
    blocking.fullBlocks = product.outSize / blocking.blockSize;
    blocking.tail = product.outSize % blocking.blockSize;
    PackedMatrix packed = getPacked(product, blocking, loop);
    SmallVector<Operation *> epilogue =
        collectEpilogue(product.op->getResult(0), product.outSize);
    Operation *last = epilogue.empty() ? product.op : epilogue.back();
    OpBuilder builder(last);
    Value result = KernelEmitter(builder, product, blocking, packed, epilogue,
                                 lanes, blockVectors)
                       .emit();
    last->getResult(0).replaceAllUsesWith(result);
    for (Operation *op : llvm::reverse(epilogue))
      op->erase();
    product.op->erase();
  }

  /// Packed matrices by (matrix, loop, transposed).
  DenseMap<std::tuple<Value, Operation *, unsigned>, PackedMatrix>
      packedMatrices;
};

} // namespace
