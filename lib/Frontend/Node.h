//===- Node.h - The nodes behind Vars ---------------------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The graph a host program builds: each Var points to a Node, an operation
// with its operand nodes and static result type. Nodes are immutable once
// made. A scan node owns the body graph that tracing fn produced; the body
// reads its step arguments through placeholder nodes and may read nodes of
// enclosing graphs directly (implicit captures, as in Theano).
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_LIB_FRONTEND_NODE_H
#define SCANJIT_LIB_FRONTEND_NODE_H

#include "scanjit/Frontend/Var.h"
#include "scanjit/JIT/Array.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace scanjit::detail {

struct Node;
using NodePtr = std::shared_ptr<Node>;

/// What a node computes.
enum class OpKind {
  Input,       // a symbolic input of a function
  Constant,    // `constant` holds the value
  Shared,      // a shared variable; `shared` holds its storage
  Placeholder, // a step argument of the scan body `body`
  Unary,       // `unary` of operand 0
  Binary,      // `binary` of operands 0 and 1 (broadcasting)
  Select,      // operand 0 ? operand 1 : operand 2 (broadcasting)
  Cast,        // operand 0 converted to the result dtype
  Dot,         // NumPy's dot of operands 0 and 1
  Reduce,      // `reduction` of operand 0 over `ints` (axes), `flag` keepdims
  Transpose,   // operand 0 permuted by `ints`
  Reshape,     // operand 0 in the shape given by the scalar operands 1...
  Concatenate, // the operands joined along axis `ints[0]`
  Arange,      // [operand 0, operand 1) by operand 2 (scalars)
  Fill,        // `number` in the shape given by the scalar operands
  Eye,         // the identity of size operand 0
  Dim,         // the size of dimension `ints[0]` of operand 0 (an i64 scalar)
  Pack,        // the scalar operands as a vector (a shape)
  ExpandDims,  // operand 0 with a new dimension of size 1 at `ints[0]`
  Subtensor,   // operand 0 indexed by `indices`
  SetSubtensor, // operand 0 with its `indices` part set (or incremented when
                // `flag`) to operand 1; the index operands follow
  Scan,        // a loop; `scan` holds its body and attributes
  ScanResult,  // result `ints[0]` of the scan node operand 0
  Random,      // uniform [0, 1) samples: shape operands 1..., counter operand 0
  Check,       // operand 0, once every element of the bool operand 1 holds;
               // otherwise the call fails with `message`
};

/// Elementwise operations of one operand.
enum class UnaryOp {
  Neg, Abs, Exp, Log, Tanh, Sigmoid, Sqrt, Sin, Cos, Not, Sign,
};

/// Elementwise operations of two operands.
enum class BinaryOp {
  Add, Sub, Mul, Div, Pow, Max, Min, Mod, FloorDiv,
  Eq, Ne, Lt, Le, Gt, Ge,
  And, Or, Xor,
};

/// Reductions.
enum class ReduceOp { Sum, Prod, Max, Min };

/// How a subtensor reads one dimension. Bounds and scalar indices refer to
/// operands of the node (rank-0 integer nodes, often constants).
struct IndexSpec {
  /// True for a scalar index (the dimension is dropped), false for a slice.
  bool isScalar = false;
  /// The operand holding the scalar index, or the slice's start and stop
  /// (-1 when left out).
  int start = -1, stop = -1;
  /// The slice's step.
  int64_t step = 1;
};

struct ScanBody;

/// The attributes and body of a scan node. The scan node's operands are the
/// sequences, the initial values of recurrent outputs, the non-sequences,
/// the initial values of the shared state, then n_steps if symbolic.
struct ScanInfo {
  std::string name;
  std::vector<std::vector<int64_t>> sequenceTaps;
  /// Per output; empty for an output that is not fed back.
  std::vector<std::vector<int64_t>> outputTaps;
  size_t numNonSequences = 0;
  size_t numShared = 0;
  std::optional<int64_t> constantSteps;
  bool symbolicSteps = false;
  bool goBackwards = false;
  int64_t truncateGradient = -1;
  /// The type of one step of each output.
  std::vector<TensorType> outputStepTypes;
  std::shared_ptr<ScanBody> body;
  /// The body the scan was built in (null at top level).
  const ScanBody *enclosing = nullptr;

  size_t numSequences() const { return sequenceTaps.size(); }
  size_t numOutputs() const { return outputTaps.size(); }
  size_t numRecurrent() const;
};

/// The graph of one step: placeholders in body-argument order (sequence
/// taps, output taps, non-sequences, shared state), the values yielded
/// (outputs, then the next shared state) and the optional `until`.
struct ScanBody {
  /// How many scan bodies enclose this one (0 for a top-level scan).
  int depth = 0;
  std::string name;
  std::vector<NodePtr> placeholders;
  std::vector<NodePtr> yields;
  NodePtr until;
};

struct SharedStorage;

/// One operation of the graph.
struct Node {
  OpKind kind;
  TensorType type;
  std::vector<NodePtr> operands;
  std::string name;

  UnaryOp unary = UnaryOp::Neg;
  BinaryOp binary = BinaryOp::Add;
  ReduceOp reduction = ReduceOp::Sum;
  std::vector<int64_t> ints;
  bool flag = false;
  double number = 0;
  std::vector<IndexSpec> indices;
  std::shared_ptr<const Array> constant;
  std::shared_ptr<SharedStorage> shared;
  std::shared_ptr<const ScanInfo> scan;
  /// For placeholders: the body they belong to.
  const ScanBody *body = nullptr;
  /// For random draws: the stream's key.
  uint64_t key = 0;
  /// For checks: what the error says when the condition fails.
  std::string message;
};

/// The host side of a shared variable.
/// The value of a shared variable, and how it advances by default. The
/// default update is kept as a recipe, not a graph: a graph would read the
/// variable's node, which holds this storage, and the cycle would never be
/// freed.
struct SharedStorage {
  Array value;
  /// A random counter: advances by one per call by default.
  bool incrementsByDefault = false;
  /// A random counter drawn from in a scan: advances to that scan's final
  /// value of it, result #advancingResult of `advancingScan` (held weakly:
  /// the scan reads the variable).
  std::weak_ptr<Node> advancingScan;
  int64_t advancingResult = 0;
};

/// A new node.
NodePtr makeNode(OpKind kind, TensorType type, std::vector<NodePtr> operands);

/// The node of `var`; throws scanjit::Error naming `what` if it is null.
const NodePtr &nodeOf(const Var &var, const char *what);

/// The value of a rank-0 constant node as an integer, if it is one.
std::optional<int64_t> constantInteger(const Node &node);

/// A rank-0 i64 constant node.
NodePtr integerConstant(int64_t value);

/// The names of DTypes and ranks in messages: "f64 matrix".
std::string describeType(const TensorType &type);

/// Copies of `roots` in which each node of `replacements` (by identity) is
/// replaced; nodes that depend on none of them are shared, not copied.
/// Scan bodies are not entered.
std::vector<NodePtr>
replaceNodes(const std::vector<NodePtr> &roots,
             const std::vector<std::pair<const Node *, NodePtr>> &replacements);

/// Calls `visit` once for each node reachable from `roots`, entering scan
/// bodies, operands before users.
void walkGraph(const std::vector<NodePtr> &roots,
               const std::function<void(const NodePtr &)> &visit);

} // namespace scanjit::detail

#endif // SCANJIT_LIB_FRONTEND_NODE_H
