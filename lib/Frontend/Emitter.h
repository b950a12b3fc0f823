//===- Emitter.h - From the frontend graph to tensor-level MLIR -*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// GraphEmitter writes one func.func for a function's inputs and outputs.
// Nodes are emitted on demand, operands first, each once per scope: the
// function body, or the body of a scan.scan. A node goes in the innermost
// scope whose placeholders it depends on, so loop-invariant values stay
// outside loops and bodies read them as implicit captures (as the seeds'
// trace example does).
//
// The emitted ops are upstream tensor, linalg, arith and math ops and
// scan.scan: elementwise ops on equal shapes are tensor-level arith/math
// ops, broadcasting ones linalg.generic; dot is linalg.dot/vecmat/matvec/
// matmul; reductions linalg.reduce; `x[-1]` of a scan result the
// `tensor.dim - 1` extract_slice that scan-save-mem recognizes.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_FRONTEND_EMITTER_H
#define SCANJIT_LIB_FRONTEND_EMITTER_H

#include "Node.h"

#include "scanjit/Runtime/RuntimeABI.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace scanjit::detail {

/// What a function computes: its inputs (Input nodes, then the shared
/// variables it reads), and its results (outputs, then new shared values).
struct FunctionGraph {
  std::string name;
  std::vector<NodePtr> arguments;
  std::vector<NodePtr> results;
};

/// Loads the dialects the emitted IR uses into `context`.
void loadFrontendDialects(mlir::MLIRContext &context);

/// Emits `graph` as a module holding one public func.func.
mlir::OwningOpRef<mlir::ModuleOp> emitModule(mlir::MLIRContext &context,
                                             const FunctionGraph &graph);

/// The MLIR type of a frontend type.
mlir::RankedTensorType toTensorType(mlir::MLIRContext &context,
                                    const TensorType &type);

/// The MLIR element type of `dtype`.
mlir::Type toElementType(mlir::MLIRContext &context, DType dtype);

/// Emits the graph into a function (see the file comment).
class GraphEmitter {
public:
  GraphEmitter(mlir::OpBuilder &builder, mlir::Location loc)
      : builder(builder), loc(loc) {}

  /// Opens the function scope: `arguments` map to `values`; ops go where
  /// `builder` inserts.
  void openFunctionScope(const std::vector<NodePtr> &arguments,
                         mlir::ValueRange values);

  /// The value of `node`, emitting it (and what it needs) if not done yet.
  mlir::Value emit(const NodePtr &node);

private:
  struct Scope {
    const ScanBody *body;
    mlir::OpBuilder::InsertPoint insertPoint;
    std::map<const Node *, mlir::Value> values;
  };

  /// The scan body whose placeholders `node` depends on most deeply (null
  /// for the function scope).
  const ScanBody *scopeOf(const Node &node);
  /// Emits the op(s) of `node`; the builder is in the node's scope and the
  /// operands are emitted.
  mlir::Value emitNode(const Node &node);
  /// Emits a scan node; returns its op.
  mlir::Operation *emitScan(const Node &node);

  // Elementwise (EmitElementwise.cpp).
  mlir::Value emitElementwise(const Node &node);
  /// The op of an elementwise node on operands whose sizes are checked.
  mlir::Value emitElementwiseOp(const Node &node, mlir::ValueRange operands,
                                llvm::ArrayRef<TensorType> types,
                                llvm::ArrayRef<mlir::OpFoldResult> sizes);
  mlir::Value emitCastTensor(mlir::Value value, DType from, DType to,
                             const TensorType &type);
  /// A Check node: reports its message unless every element of the
  /// condition holds, and yields the checked value.
  mlir::Value emitCheck(const Node &node);

  // Structured ops (EmitStructured.cpp).
  mlir::Value emitDot(const Node &node);
  mlir::Value emitReduce(const Node &node);
  mlir::Value emitTranspose(const Node &node);
  mlir::Value emitReshape(const Node &node);
  mlir::Value emitConcatenate(const Node &node);
  mlir::Value emitExpandDims(const Node &node);
  mlir::Value emitArange(const Node &node);
  mlir::Value emitFill(const Node &node);
  mlir::Value emitEye(const Node &node);
  mlir::Value emitRandom(const Node &node);
  mlir::Value emitConstant(const Node &node);

  // Indexing (EmitIndexing.cpp).
  struct Region;
  Region computeRegion(const Node &node, mlir::Value source,
                       unsigned firstIndexOperand);
  mlir::Value emitSubtensor(const Node &node);
  mlir::Value emitSetSubtensor(const Node &node);
  /// The part of `source` that `region` selects (a slice, or a gather for
  /// negative steps).
  mlir::Value emitRegionRead(mlir::Value source, const Region &region,
                             const TensorType &partType,
                             mlir::RankedTensorType resultType);
  /// `base` with `value` written to (or, for inc_subtensor, added to) the
  /// part that `region` selects.
  mlir::Value emitRegionWrite(const Node &node, mlir::Value base,
                              mlir::Value value, const TensorType &valueType,
                              const Region &region, const TensorType &partType);

public:
  // Helpers shared by the emitting files (EmitHelpers.cpp).

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
  /// The value of an integer scalar node as an index (tensor.dim directly
  /// for a dimension size).
  mlir::Value indexOf(const NodePtr &scalar);
  /// An integer scalar (i32/i64 element) as an index.
  mlir::Value toIndex(mlir::Value integer);
  /// A scalar converted between dtypes.
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

  mlir::MLIRContext *context() { return builder.getContext(); }

private:
  /// Emits a scan.check reporting `code` with `operands` when `condition`
  /// holds; the compiled function then throws when it returns.
  void reportIf(mlir::Value condition, runtime::ErrorCode code,
                llvm::ArrayRef<mlir::Value> operands);
  /// Reports `code` (with `a`, `b`, `c`) unless the sizes `a` and `b` are
  /// equal, and returns the i1 that they differ; null when both are static
  /// (the graph checked them).
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

  mlir::OpBuilder &builder;
  mlir::Location loc;
  std::vector<Scope> scopes;
  std::map<const Node *, const ScanBody *> scopeCache;
  std::map<const Node *, mlir::Operation *> scanOps;
};

} // namespace scanjit::detail

#endif // SCANJIT_LIB_FRONTEND_EMITTER_H
