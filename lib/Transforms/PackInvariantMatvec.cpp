//===- PackInvariantMatvec.cpp - Loop matvecs as register-blocked kernels -===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Rewrites a matrix-vector product (or a matmul of a few rows) inside a
// loop, whose matrix the loop does not change, into a vector kernel over a
// copy of the matrix packed once before the loop, with the product's
// elementwise consumers as the kernel's epilogue. See Passes.td.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "scanjit/Transforms/MatmulOperands.h"

#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/Support/MathExtras.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANPACKINVARIANTMATVECPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// A product with a loop-invariant matrix as the kernel computes it:
///   out[r][j] = init[r][j] + sum_i lhs[r][i] * packed[i][j]
/// for each of `rows` rows (a linalg.matmul with few rows), or without the
/// row index (rows == 0: linalg.matvec, linalg.vecmat), where `packed` is
/// the matrix laid out with the reduction index i as rows.
struct Product {
  Operation *op;
  Value matrix;
  /// The vector (rows == 0) or the [rows, reduction] left operand.
  Value vector;
  Value init;
  /// Whether the op reads the matrix as [out, reduction] (linalg.matvec, a
  /// matmul's right operand read transposed), so that packing transposes
  /// it; linalg.vecmat and matmul read [reduction, out].
  bool transposed;
  int64_t rows = 0;
  int64_t outSize;
  int64_t reductionSize;
  Type elementType;

  /// The shape of the result (and of every epilogue operand).
  SmallVector<int64_t> outShape() const {
    if (rows == 0)
      return {outSize};
    return {rows, outSize};
  }
  /// The shape of `vector`.
  SmallVector<int64_t> inShape() const {
    if (rows == 0)
      return {reductionSize};
    return {rows, reductionSize};
  }
};

/// The static tensor type of `value` when it has `shape`, or null.
RankedTensorType getShapedLike(Value value, ArrayRef<int64_t> shape) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getShape() != shape ||
      !type.getElementType().isIntOrIndexOrFloat())
    return nullptr;
  return type;
}

/// `op` as a Product when it is a static f32/f64 linalg.matvec,
/// linalg.vecmat, or linalg.matmul of at most `maxRows` rows whose left
/// operand is read as stored, on tensors.
std::optional<Product> matchProduct(Operation *op, int64_t maxRows) {
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
  } else if (auto matmul = dyn_cast<linalg::MatmulOp>(op)) {
    std::optional<std::array<bool, 2>> transposed =
        scanjit::getTransposedMatmulOperands(matmul);
    if (!matmul.hasPureTensorSemantics() || !transposed || (*transposed)[0])
      return std::nullopt;
    product.vector = matmul.getInputs()[0];
    product.matrix = matmul.getInputs()[1];
    product.init = matmul.getOutputs()[0];
    product.transposed = (*transposed)[1];
    auto lhsType = dyn_cast<RankedTensorType>(product.vector.getType());
    if (!lhsType || lhsType.getRank() != 2 || lhsType.isDynamicDim(0))
      return std::nullopt;
    product.rows = lhsType.getDimSize(0);
    if (product.rows == 0 || product.rows > maxRows)
      return std::nullopt;
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
      getShapedLike(product.vector, product.inShape());
  RankedTensorType initType = getShapedLike(product.init, product.outShape());
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
/// one before, in its block, with every operand and result a tensor of
/// `shape`: the epilogue the kernel applies in registers.
SmallVector<Operation *> collectEpilogue(Value value, ArrayRef<int64_t> shape) {
  SmallVector<Operation *> epilogue;
  Block *block = value.getDefiningOp()->getBlock();
  while (value.hasOneUse()) {
    Operation *user = *value.user_begin();
    if (user->getBlock() != block || user->getNumResults() != 1 ||
        user->getNumRegions() != 0 ||
        !OpTrait::hasElementwiseMappableTraits(user) || !isPure(user))
      break;
    auto isShapedLike = [&](Value v) {
      return static_cast<bool>(getShapedLike(v, shape));
    };
    if (!llvm::all_of(user->getOperands(), isShapedLike) ||
        !isShapedLike(user->getResult(0)))
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

/// The rows of a matmul product that one kernel pass keeps in registers
/// (each with a block of outputs): 4 rows of 4 vectors are 16 accumulators,
/// with the 4 vectors of the matrix row and a broadcast beside them.
constexpr int64_t kRowsPerPass = 4;

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

  /// The position of output (or input) element (`row`, `column`): just the
  /// column without rows.
  SmallVector<Value> at(Value row, Value column) {
    if (!row)
      return {column};
    return {row, column};
  }

  /// Reads `size` elements of row `row` (none for 1-D) of `tensor` from
  /// `offset`.
  Value read(OpBuilder &b, Value tensor, Value row, Value offset,
             int64_t size) {
    Type elementType = cast<RankedTensorType>(tensor.getType()).getElementType();
    Value padding =
        arith::ConstantOp::create(b, loc, b.getZeroAttr(elementType));
    return vector::TransferReadOp::create(
        b, loc, VectorType::get({size}, elementType), tensor, at(row, offset),
        padding, ArrayRef<bool>{true});
  }

  /// An accumulator's start: the fill value of a filled init, else the
  /// init's elements.
  Value readInit(OpBuilder &b, Value row, Value offset, int64_t size) {
    auto vectorType = VectorType::get({size}, product.elementType);
    if (auto fill = product.init.getDefiningOp<linalg::FillOp>()) {
      Value value = fill.getInputs().front();
      if (value.getType() == product.elementType)
        return vector::BroadcastOp::create(b, loc, vectorType, value);
    }
    return read(b, product.init, row, offset, size);
  }

  /// Row i of the panel of `block` (of the tail when `block` is null).
  Value readPanelRow(OpBuilder &b, Value block, Value i, int64_t size) {
    auto vectorType = VectorType::get({size}, product.elementType);
    Value padding =
        arith::ConstantOp::create(b, loc, b.getZeroAttr(product.elementType));
    Value zero = index(b, 0);
    if (block)
      return vector::TransferReadOp::create(b, loc, vectorType, packed.blocks,
                                            ValueRange{block, i, zero},
                                            padding, ArrayRef<bool>{true});
    return vector::TransferReadOp::create(b, loc, vectorType, packed.tail,
                                          ValueRange{i, zero}, padding,
                                          ArrayRef<bool>{true});
  }

  /// acc + lhs[row][i] * `panelRow`.
  Value multiplyAdd(OpBuilder &b, Value row, Value i, Value panelRow,
                    Value acc) {
    Value x = tensor::ExtractOp::create(b, loc, product.vector, at(row, i));
    Value xs = vector::BroadcastOp::create(b, loc, panelRow.getType(), x);
    return vector::FMAOp::create(b, loc, panelRow, xs, acc);
  }

  /// Accumulates the `size` outputs at `offset` of each of `rows` over the
  /// whole reduction. A single row of few vectors gets several partial sums
  /// (an fma waits for the one before on the same accumulator).
  SmallVector<Value> reduce(OpBuilder &b, Value block, ArrayRef<Value> rows,
                            Value offset, int64_t size) {
    int64_t vectors = (size + lanes - 1) / lanes;
    int64_t partials =
        rows.size() > 1
            ? 1
            : std::clamp<int64_t>(blockVectors / vectors, 1, 4);
    partials = std::min(partials, product.reductionSize);
    auto vectorType = VectorType::get({size}, product.elementType);
    // sums[p * rows + r]: partial sum p of row r.
    SmallVector<Value> sums;
    for (int64_t p = 0; p < partials; ++p)
      for (Value row : rows)
        sums.push_back(p == 0 ? readInit(b, row, offset, size)
                              : arith::ConstantOp::create(
                                    b, loc, vectorType,
                                    b.getZeroAttr(vectorType))
                                    .getResult());
    size_t numRows = rows.size();
    auto step = [&](OpBuilder &nested, Value i, int64_t p,
                    MutableArrayRef<Value> current) {
      Value panelRow = readPanelRow(nested, block, i, size);
      for (size_t r = 0; r < numRows; ++r)
        current[p * numRows + r] =
            multiplyAdd(nested, rows[r], i, panelRow, current[p * numRows + r]);
    };
    int64_t looped = product.reductionSize / partials * partials;
    auto loop = scf::ForOp::create(
        b, loc, index(b, 0), index(b, looped), index(b, partials), sums,
        [&](OpBuilder &nested, Location, Value i, ValueRange args) {
          SmallVector<Value> next(args.begin(), args.end());
          for (int64_t p = 0; p < partials; ++p) {
            Value ip = p == 0 ? i
                              : arith::AddIOp::create(nested, loc, i,
                                                      index(nested, p))
                                    .getResult();
            step(nested, ip, p, next);
          }
          scf::YieldOp::create(nested, loc, next);
        });
    sums.assign(loop.getResults().begin(), loop.getResults().end());
    for (int64_t i = looped; i < product.reductionSize; ++i)
      step(b, index(b, i), i - looped, sums);
    // Each row's partial sums, added pairwise.
    SmallVector<Value> totals;
    for (size_t r = 0; r < numRows; ++r) {
      SmallVector<Value> parts;
      for (int64_t p = 0; p < partials; ++p)
        parts.push_back(sums[p * numRows + r]);
      while (parts.size() > 1) {
        SmallVector<Value> halved;
        for (size_t k = 0; k + 1 < parts.size(); k += 2)
          halved.push_back(
              arith::AddFOp::create(b, loc, parts[k], parts[k + 1]));
        if (parts.size() % 2)
          halved.push_back(parts.back());
        parts = std::move(halved);
      }
      totals.push_back(parts.front());
    }
    return totals;
  }

  /// `rows` (none: the vector case) of the `size` outputs at `offset` (those
  /// of panel `block`, or the tail), after the epilogue, written into
  /// `dest`.
  Value emitRows(OpBuilder &b, Value dest, Value block, ArrayRef<Value> rows,
                 Value offset, int64_t size) {
    SmallVector<Value> totals = reduce(b, block, rows, offset, size);
    for (auto [r, total] : llvm::enumerate(totals)) {
      Value row = rows[r];
      Value value = total;
      Value previous = product.op->getResult(0);
      for (Operation *op : epilogue) {
        IRMapping mapping;
        for (Value operand : op->getOperands())
          mapping.map(operand, operand == previous
                                   ? value
                                   : read(b, operand, row, offset, size));
        Operation *vectorOp = b.clone(*op, mapping);
        vectorOp->getResult(0).setType(VectorType::get(
            {size}, getElementTypeOrSelf(op->getResult(0).getType())));
        value = vectorOp->getResult(0);
        previous = op->getResult(0);
      }
      dest = vector::TransferWriteOp::create(b, loc, value, dest,
                                             at(row, offset),
                                             ArrayRef<bool>{true})
                 .getResult();
    }
    return dest;
  }

  /// The outputs of panel `block` (or the tail) for every row: in passes of
  /// kRowsPerPass rows (a loop), then the rows left.
  Value emitBlock(OpBuilder &b, Value dest, Value block, Value offset,
                  int64_t size) {
    if (product.rows == 0)
      return emitRows(b, dest, block, {Value()}, offset, size);
    int64_t perPass = std::min(product.rows, kRowsPerPass);
    int64_t passes = product.rows / perPass;
    auto rowsFrom = [&](OpBuilder &nested, Value first, int64_t count) {
      SmallVector<Value> rows = {first};
      for (int64_t r = 1; r < count; ++r)
        rows.push_back(
            arith::AddIOp::create(nested, loc, first, index(nested, r)));
      return rows;
    };
    auto loop = scf::ForOp::create(
        b, loc, index(b, 0), index(b, passes * perPass), index(b, perPass),
        ValueRange{dest},
        [&](OpBuilder &nested, Location, Value first, ValueRange args) {
          Value next = emitRows(nested, args.front(), block,
                                rowsFrom(nested, first, perPass), offset, size);
          scf::YieldOp::create(nested, loc, next);
        });
    dest = loop.getResult(0);
    int64_t left = product.rows - passes * perPass;
    if (left != 0)
      dest = emitRows(b, dest, block,
                      rowsFrom(b, index(b, passes * perPass), left), offset,
                      size);
    return dest;
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
      if (isa<linalg::MatvecOp, linalg::VecmatOp, linalg::MatmulOp>(op))
        candidates.push_back(op);
    });
    for (Operation *op : candidates) {
      std::optional<Product> product = matchProduct(op, maxRows);
      int64_t elements;
      if (product &&
          !llvm::MulOverflow(product->outSize, product->reductionSize,
                             elements) &&
          elements <= maxElements)
        rewrite(*product);
    }
  }

private:
  /// The matrix of `product` packed before `loop`, made once per matrix,
  /// loop, orientation and block size.
  PackedMatrix getPacked(const Product &product, const Blocking &blocking,
                         Operation *loop) {
    auto key = std::make_tuple(product.matrix, loop,
                               static_cast<unsigned>(product.transposed),
                               blocking.blockSize);
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
    // A matmul pass keeps several rows' blocks: as many registers in all.
    int64_t vectors =
        product.rows == 0
            ? blockVectors
            : std::max<int64_t>(1, 2 * blockVectors /
                                       std::min(product.rows, kRowsPerPass));
    blocking.blockSize = std::min(product.outSize, vectors * lanes);
    blocking.fullBlocks = product.outSize / blocking.blockSize;
    blocking.tail = product.outSize % blocking.blockSize;
    PackedMatrix packed = getPacked(product, blocking, loop);
    SmallVector<Operation *> epilogue =
        collectEpilogue(product.op->getResult(0), product.outShape());
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

  /// Packed matrices by (matrix, loop, transposed, block size).
  DenseMap<std::tuple<Value, Operation *, unsigned, int64_t>, PackedMatrix>
      packedMatrices;
};

} // namespace
