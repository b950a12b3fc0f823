//===- Emitter.h - The MLIR of each frontend op -----------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// An Emitter builds the ops of one frontend call at the end of the current
// tracing scope, with the call's location. The frontend's op functions
// (Ops.cpp, Indexing.cpp, Random.cpp...) type-check their operands and infer
// the result type; the Emitter then writes the upstream tensor, linalg,
// arith and math ops that compute it: elementwise ops on equal shapes are
// tensor-level arith/math ops, broadcasting ones linalg.generic; dot is
// linalg.dot/vecmat/matvec/matmul; reductions linalg.reduce; `x[-1]` the
// `tensor.dim - 1` extract_slice that scan-save-mem recognizes. Sizes known
// only at run time are checked by the runtime's error call.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_FRONTEND_EMITTER_H
#define SCANJIT_LIB_FRONTEND_EMITTER_H

#include "Tracing.h"

#include "scanjit/Runtime/RuntimeABI.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace scanjit::detail {

/// Elementwise operations of one operand.
enum class UnaryOp {
  Neg,
  Abs,
  Exp,
  Expm1,
  Log,
  Tanh,
  Sigmoid,
  Sqrt,
  Sin,
  Cos,
  Not,
  Sign,
};

/// Elementwise operations of two operands.
enum class BinaryOp {
  Add,
  Sub,
  Mul,
  Div,
  Pow,
  Max,
  Min,
  Mod,
  FloorDiv,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  And,
  Or,
  Xor,
};

/// Reductions.
enum class ReduceOp { Sum, Prod, Max, Min };

/// What an elementwise op computes.
struct ElementwiseOp {
  enum class Kind { Unary, Binary, Select, Cast } kind;
  UnaryOp unary = UnaryOp::Neg;
  BinaryOp binary = BinaryOp::Add;
  /// The dtype of the (last) operand, which the op computes in.
  DType operandType = DType::F64;
  /// For casts: the dtype converted from (the result type's is the target).
  DType sourceType = DType::F64;
  /// The result's dtype.
  DType resultType = DType::F64;
};

/// What a scan.scan is built from: its operands and the block fn was
/// traced into (see Emitter::emitScan).
struct ScanParts {
  /// "ScanTest.cpp:42: scan 'rnn'", for messages.
  std::string label;
  /// The traced body: its arguments are the sequence taps, output taps and
  /// explicit non-sequences.
  mlir::Block *body = nullptr;
  struct Sequence {
    mlir::Value value;
    std::vector<int64_t> taps;
  };
  std::vector<Sequence> sequences;
  struct Output {
    mlir::RankedTensorType resultType;
    /// Null for an output that is not fed back.
    mlir::Value initialValue;
    std::vector<int64_t> taps;
  };
  std::vector<Output> outputs;
  std::vector<mlir::Value> nonSequences;
  /// The shared variables that are loop state (tracing-function arguments).
  std::vector<mlir::Value> state;
  /// What the body yields (outputs, then the state's next values), and the
  /// optional `until` (an i1).
  std::vector<mlir::Value> yields;
  mlir::Value until;
  /// An index or integer, or null.
  mlir::Value steps;
  bool goBackwards = false;
  int64_t truncateGradient = -1;
  /// Whether the gradient recomputes the non-recurrent outputs (scan.scan's
  /// `checkpoint`).
  bool checkpoint = false;
  /// Whether reading a shared variable that is not a non-sequence is an
  /// error.
  bool strict = false;
};

/// The MLIR type of a frontend type.
mlir::RankedTensorType toTensorType(mlir::MLIRContext &context,
                                    const TensorType &type);

/// The MLIR element type of `dtype`.
mlir::Type toElementType(mlir::MLIRContext &context, DType dtype);

/// Builds ops at the end of the current tracing scope (see the file
/// comment).
class Emitter {
public:
  /// An emitter for `module`'s current scope, with location `loc`.
  Emitter(TraceModule &module, mlir::Location loc);

  /// The builder, at the end of the scope's block.
  mlir::OpBuilder &getBuilder() { return builder; }
  /// The location of the ops.
  mlir::Location getLoc() const { return loc; }
  mlir::MLIRContext *context() { return builder.getContext(); }

  // Elementwise (EmitElementwise.cpp).
  /// `op` of `operands` (of `types`), broadcast to `type`.
  mlir::Value emitElementwise(const ElementwiseOp &op,
                              llvm::ArrayRef<mlir::Value> operands,
                              llvm::ArrayRef<TensorType> types,
                              const TensorType &type);
  /// `value`, once every element of the bool tensor `condition` holds;
  /// otherwise the call fails with `message`.
  mlir::Value emitCheck(mlir::Value value, mlir::Value condition,
                        const TensorType &conditionType,
                        llvm::StringRef message);

  // Structured ops (EmitStructured.cpp).
  mlir::Value emitConstant(const Array &array, const TensorType &type);
  mlir::Value emitDot(mlir::Value lhs, mlir::Value rhs, int64_t lhsRank,
                      int64_t rhsRank, const TensorType &type);
  mlir::Value emitReduce(ReduceOp op, mlir::Value input,
                         const TensorType &inputType,
                         llvm::ArrayRef<int64_t> axes, bool keepdims,
                         const TensorType &type);
  mlir::Value emitTranspose(mlir::Value input, llvm::ArrayRef<int64_t> perm,
                            const TensorType &type);
  mlir::Value emitExpandDims(mlir::Value input, int64_t axis,
                             const TensorType &type);
  /// `input`, whose leading dimension has `outer` * `inner` rows (the caller
  /// guarantees it), viewed as [outer, inner, ...]: a tensor.expand_shape,
  /// which bufferizes to a view even of a slice (a reshape copies those).
  mlir::Value emitSplitLeading(mlir::Value input, mlir::Value outer,
                               int64_t inner, const TensorType &type);
  /// `input` reshaped to the i64 scalars `sizes` (one may be -1).
  mlir::Value emitReshape(mlir::Value input, const TensorType &inputType,
                          llvm::ArrayRef<TracedPtr> sizes,
                          const TensorType &type);
  mlir::Value emitConcatenate(llvm::ArrayRef<mlir::Value> inputs, int64_t axis,
                              const TensorType &type);
  mlir::Value emitArange(mlir::Value start, mlir::Value stop, mlir::Value step,
                         const TensorType &type);
  /// `number` in the shape of the i64 scalars `sizes`.
  mlir::Value emitFill(llvm::ArrayRef<TracedPtr> sizes, double number,
                       const TensorType &type);
  mlir::Value emitEye(const TracedValue &size, const TensorType &type);
  /// Uniform [0, 1) samples of the draw `key` at `counter`.
  mlir::Value emitRandom(mlir::Value counter, llvm::ArrayRef<TracedPtr> sizes,
                         uint64_t key, const TensorType &type);

  // Scans (EmitScan.cpp).
  /// Ends `parts.body` with its scan.yield and creates the scan.scan around
  /// it, here: values the body reads from outside become non-sequences
  /// (constants are cloned in), reads of the state the shared block
  /// arguments. Throws scanjit::Error for a strict scan that reads a shared
  /// variable, and when a scan nested in the body captured the state.
  mlir::Operation *emitScan(ScanParts &parts);

  // Gradients (EmitGrad.cpp).
  /// In a scan body: clones into it the outer graph between the outer
  /// values `wrt` stand for and the outer values `cost` is computed from,
  /// so that `cost` depends on `wrt` in the body. Returns `cost` (its clone
  /// when it is itself an outer value).
  mlir::Value cloneOuterGraphForGrad(mlir::Value cost,
                                     llvm::ArrayRef<mlir::Value> wrt);
  /// Whether `value`, in the current scope, depends on `wrt` through ops
  /// that propagate derivatives.
  bool dependsOn(mlir::Value value, mlir::Value wrt);
  /// A scan.grad request: the derivatives of `cost` with respect to `wrt`.
  llvm::SmallVector<mlir::Value> emitGrad(mlir::Value cost,
                                          llvm::ArrayRef<mlir::Value> wrt);
  /// `value` behind a scan.stop_gradient.
  mlir::Value emitStopGradient(mlir::Value value);

  // Indexing (EmitIndexing.cpp).
  mlir::Value emitSubtensor(mlir::Value source,
                            llvm::ArrayRef<IndexSpec> indices,
                            const TensorType &type);
  mlir::Value emitSetSubtensor(mlir::Value base, mlir::Value value,
                               const TensorType &valueType,
                               llvm::ArrayRef<IndexSpec> indices,
                               bool increment, const TensorType &type);

  // Helpers (EmitHelpers.cpp).

  /// The size of dimension `dim` of `tensor` as an index value.
  mlir::Value dimValue(mlir::Value tensor, int64_t dim);
  /// The sizes of `tensor` (constants where static).
  llvm::SmallVector<mlir::OpFoldResult> mixedSizes(mlir::Value tensor);
  /// An empty tensor of `type` whose dynamic sizes are `sizes`' (all sizes
  /// given, static ones ignored).
  mlir::Value emptyTensor(const TensorType &type,
                          llvm::ArrayRef<mlir::OpFoldResult> sizes);
  /// `value` with the type of `type` (a tensor.cast when only static sizes
  /// differ).
  mlir::Value castToType(mlir::Value value, const TensorType &type);
  /// A scalar constant.
  mlir::Value scalarConstant(double value, DType dtype);
  /// An index constant.
  mlir::Value indexConstant(int64_t value);
  /// The element of a rank-0 tensor.
  mlir::Value extractScalar(mlir::Value tensor);
  /// The value of an integer scalar as an index (the tensor.dim itself for
  /// a dimension size traced in this scope).
  mlir::Value indexOf(const TracedValue &scalar);
  /// An integer scalar (i32/i64 element) as an index.
  mlir::Value toIndex(mlir::Value integer);
  /// A scalar (or tensor) converted between dtypes.
  mlir::Value castScalar(mlir::Value value, DType from, DType to);
  /// `value` broadcast to `type` (sizes `sizes`) with a linalg.generic
  /// (the value itself when no broadcasting is needed).
  mlir::Value broadcastTo(mlir::Value value, const TensorType &from,
                          const TensorType &type,
                          llvm::ArrayRef<mlir::OpFoldResult> sizes);
  /// The sizes of the broadcast result of `operands` (of `types`).
  llvm::SmallVector<mlir::OpFoldResult>
  broadcastSizes(llvm::ArrayRef<mlir::Value> operands,
                 llvm::ArrayRef<TensorType> types, const TensorType &result);
  /// The indexing map reading an operand of `type` in a loop over `result`.
  mlir::AffineMap broadcastMap(const TensorType &type,
                               const TensorType &result);

private:
  struct Region;
  Region computeRegion(mlir::Value source, llvm::ArrayRef<IndexSpec> indices);
  mlir::Value emitRegionRead(mlir::Value source, const Region &region,
                             const TensorType &partType,
                             mlir::RankedTensorType resultType);
  mlir::Value emitRegionWrite(mlir::Value base, mlir::Value value,
                              const TensorType &valueType, const Region &region,
                              const TensorType &partType, bool increment,
                              DType dtype);
  mlir::Value emitElementwiseOp(const ElementwiseOp &op,
                                mlir::ValueRange operands,
                                llvm::ArrayRef<TensorType> types,
                                const TensorType &type,
                                llvm::ArrayRef<mlir::OpFoldResult> sizes);
  /// Emits a scan.check that fails the call with `message` unless the i1
  /// `holds` is true.
  void checkHolds(mlir::Value holds, llvm::StringRef message);
  /// Emits a scan.check reporting `code` with `operands` when `condition`
  /// holds; the compiled function then throws when it returns.
  void reportIf(mlir::Value condition, runtime::ErrorCode code,
                llvm::ArrayRef<mlir::Value> operands);
  /// Reports `code` (with `a`, `b`, `c`) unless the sizes `a` and `b` are
  /// equal, and returns the i1 that they differ; null when both are static
  /// (the frontend checked them).
  mlir::Value checkSizesEqual(mlir::OpFoldResult a, mlir::OpFoldResult b,
                              runtime::ErrorCode code, int64_t c);
  /// Zeros of `type` with the dynamic `sizes`: what an op whose check
  /// failed yields, so that nothing reads out of bounds.
  mlir::Value zerosOf(const TensorType &type,
                      llvm::ArrayRef<mlir::OpFoldResult> sizes);
  /// `outOfBounds ? fallback() : compute()`, computed only on its branch.
  mlir::Value selectComputed(mlir::Value outOfBounds, mlir::Type type,
                             llvm::function_ref<mlir::Value()> compute,
                             llvm::function_ref<mlir::Value()> fallback);

  TraceModule &module;
  mlir::OpBuilder builder;
  mlir::Location loc;
};

} // namespace scanjit::detail

#endif // SCANJIT_LIB_FRONTEND_EMITTER_H
