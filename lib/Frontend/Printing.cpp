//===- Printing.cpp - Graphs as Theano prints them ------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// debugprint walks the MLIR the frontend traced (a Var is a value of its
// Graph's module) from the value back through its defining ops; to_dot walks
// a Function's module (parsed from Function::mlir()) from its results.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Printing.h"

#include "Tracing.h"

#include "scanjit/Dialect/Scan/IR/ScanOps.h"
#include "scanjit/InitScanJIT.h"
#include "scanjit/Support/Error.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Parser/Parser.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <sstream>

using namespace scanjit;
using namespace scanjit::detail;

namespace {

/// What block argument `number` of `scan`'s body receives, in the order of
/// the semantics: sequence tap slices, past outputs, non-sequences.
std::string innerInputLabel(scan::ScanOp scan, unsigned number) {
  unsigned next = 0;
  for (unsigned i = 0, e = scan.getSequences().size(); i < e; ++i)
    for (int64_t tap : scan.getSequenceTapsOf(i))
      if (next++ == number)
        return "<sequence " + std::to_string(i) + "[t" + (tap < 0 ? "" : "+") +
               std::to_string(tap) + "]>";
  for (unsigned i = 0, e = scan.getOutputTaps().size(); i < e; ++i)
    for (int64_t tap : scan.getOutputTapsOf(i))
      if (next++ == number)
        return "<output " + std::to_string(i) + "[t" + (tap < 0 ? "" : "+") +
               std::to_string(tap) + "]>";
  return "<non-sequence " + std::to_string(number - next) + ">";
}

/// "f64[?, 3]" for a ranked tensor, the MLIR spelling otherwise.
std::string typeOf(mlir::Value value) {
  std::string text;
  llvm::raw_string_ostream stream(text);
  auto tensor = mlir::dyn_cast<mlir::RankedTensorType>(value.getType());
  if (!tensor) {
    stream << value.getType();
    return text;
  }
  stream << tensor.getElementType() << "[";
  for (int64_t i = 0; i < tensor.getRank(); ++i)
    stream << (i ? ", " : "")
           << (tensor.isDynamicDim(i) ? std::string("?")
                                      : std::to_string(tensor.getDimSize(i)));
  stream << "]";
  return text;
}

/// The op that made `value`: its name, with a constant's value, and the
/// result number for ops with several results.
std::string opLabel(mlir::Value value) {
  mlir::Operation *op = value.getDefiningOp();
  std::string name = op->getName().getStringRef().str();
  if (auto constant = mlir::dyn_cast<mlir::arith::ConstantOp>(op)) {
    std::string text;
    llvm::raw_string_ostream stream(text);
    mlir::Attribute attribute = constant.getValue();
    if (auto dense = mlir::dyn_cast<mlir::DenseElementsAttr>(attribute);
        dense && dense.isSplat())
      dense.getSplatValue<mlir::Attribute>().print(stream, /*elideType=*/true);
    else if (mlir::isa<mlir::DenseElementsAttr>(attribute))
      stream << "...";
    else
      attribute.print(stream, /*elideType=*/true);
    return name + "{" + text + "}";
  }
  if (op->getNumResults() > 1)
    return name + "." +
           std::to_string(mlir::cast<mlir::OpResult>(value).getResultNumber());
  return name;
}

/// `value`, looking through the frontend's guards: it wraps a computation
/// that may read out of bounds or broadcast wrongly in `scf.if %bad
/// { fallback } else { computed }` (Emitter::selectComputed), and the user
/// wrote the computation.
mlir::Value lookThroughGuards(mlir::Value value) {
  while (auto guarded = value.getDefiningOp<mlir::scf::IfOp>()) {
    if (!guarded.elseBlock())
      break;
    value = guarded.elseYield()->getOperand(
        mlir::cast<mlir::OpResult>(value).getResultNumber());
  }
  return value;
}

/// The deepest level debugprint prints (deeper inputs become "..."): the
/// printout of a long chain grows with the square of its depth.
constexpr size_t kMaxPrintDepth = 256;

/// Prints one graph after another, sharing ids.
class GraphPrinter {
public:
  GraphPrinter(const TraceModule &module, std::ostream &os)
      : module(module), os(os) {}

  /// Prints `value` and what computes it, each line starting with `prefix`.
  void print(mlir::Value value, const std::string &prefix, size_t depth = 0) {
    value = lookThroughGuards(value);
    if (depth > kMaxPrintDepth) {
      os << prefix << "... (deeper than " << kMaxPrintDepth << " levels)\n";
      return;
    }
    auto [id, seen] = idOf(value);
    os << prefix << label(value) << " [id " << id << "] " << typeOf(value)
       << "\n";
    mlir::Operation *op = value.getDefiningOp();
    if (seen || !op)
      return;
    if (auto scan = mlir::dyn_cast<scan::ScanOp>(op))
      if (std::find(scans.begin(), scans.end(), scan) == scans.end())
        scans.push_back(scan);
    for (mlir::Value operand : op->getOperands())
      print(operand, indent(prefix), depth + 1);
  }

  /// Prints the inner graph of each scan met so far (and of those they
  /// contain), under "Inner graphs:".
  void printInnerGraphs() {
    if (scans.empty())
      return;
    os << "\nInner graphs:\n";
    for (size_t i = 0; i < scans.size(); ++i) {
      scan::ScanOp scan = scans[i];
      mlir::Value first = scan->getResult(0);
      os << "\n"
         << label(first) << " [id " << idOf(first).first << "] "
         << typeOf(first) << "\n";
      mlir::Operation *terminator = scan.getBody().front().getTerminator();
      for (mlir::Value yielded : terminator->getOperands())
        print(yielded, " >");
    }
  }

private:
  /// The id of `value`'s op (or of `value`, for arguments): A, B, ..., Z,
  /// BA, ...; and whether it was printed before.
  std::pair<std::string, bool> idOf(mlir::Value value) {
    const void *key = value.getDefiningOp()
                          ? static_cast<const void *>(value.getDefiningOp())
                          : value.getAsOpaquePointer();
    auto [entry, inserted] = ids.try_emplace(key, "");
    if (inserted) {
      size_t number = ids.size() - 1;
      std::string id;
      do {
        id.insert(id.begin(), static_cast<char>('A' + number % 26));
        number /= 26;
      } while (number > 0);
      entry->second = id;
    }
    return {entry->second, !inserted};
  }

  /// What `value` is: the name of an input or shared variable, an inner
  /// input of a scan body, or the op.
  std::string label(mlir::Value value) const {
    if (auto argument = mlir::dyn_cast<mlir::BlockArgument>(value)) {
      auto found = module.arguments.find(value);
      if (found != module.arguments.end())
        return found->second.name.empty() ? found->second.describe()
                                          : found->second.name;
      if (auto scan =
              mlir::dyn_cast<scan::ScanOp>(argument.getOwner()->getParentOp()))
        return innerInputLabel(scan, argument.getArgNumber());
      return "<argument " + std::to_string(argument.getArgNumber()) + ">";
    }
    return opLabel(value);
  }

  static std::string indent(const std::string &prefix) { return prefix + " |"; }

  const TraceModule &module;
  std::ostream &os;
  llvm::DenseMap<const void *, std::string> ids;
  std::vector<scan::ScanOp> scans;
};

/// `text` quoted for DOT, its line breaks as DOT's "\n".
std::string quoted(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

/// Writes a function's graph as Graphviz DOT: a node per op and argument,
/// an edge per use, a cluster per scan holding its inner graph.
class DotWriter {
public:
  DotWriter(mlir::func::FuncOp func, const std::vector<std::string> &names)
      : func(func), names(names) {}

  void write(std::ostream &os) {
    auto ret = mlir::cast<mlir::func::ReturnOp>(
        func.getBody().front().getTerminator());
    for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
      std::string output = "out" + std::to_string(i);
      lines[nullptr].push_back(
          output + " [label=" +
          quoted("output " + std::to_string(i) + "\n" + typeOf(value)) +
          ", shape=doubleoctagon];");
      edges.push_back(visit(value) + " -> " + output + ";");
    }
    for (const PendingEdge &edge : pending)
      edges.push_back(nodes.lookup(keyOf(lookThroughGuards(edge.from))) +
                      " -> " + edge.to + edge.attributes + ";");
    os << "digraph " << quoted(func.getSymName().str()) << " {\n"
       << "  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n"
       << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
    writeScope(os, nullptr, "  ");
    for (const std::string &edge : edges)
      os << "  " << edge << "\n";
    os << "}\n";
  }

private:
  /// The node of `value`, made with every node it depends on (iteratively:
  /// a graph may be deeper than the stack).
  std::string visit(mlir::Value root) {
    std::vector<mlir::Value> worklist{root};
    while (!worklist.empty()) {
      mlir::Value value = worklist.back();
      worklist.pop_back();
      makeNode(value, worklist);
    }
    return nodes.lookup(keyOf(lookThroughGuards(root)));
  }

  /// What identifies `value`'s node: its op, or the block argument.
  static const void *keyOf(mlir::Value value) {
    if (mlir::Operation *op = value.getDefiningOp())
      return op;
    return value.getAsOpaquePointer();
  }

  /// Makes the node of `value` unless it exists, queueing what it uses
  /// on `worklist` and recording the edges from them.
  void makeNode(mlir::Value value, std::vector<mlir::Value> &worklist) {
    value = lookThroughGuards(value);
    auto [entry, inserted] = nodes.try_emplace(keyOf(value), "");
    if (!inserted)
      return;
    if (auto argument = mlir::dyn_cast<mlir::BlockArgument>(value)) {
      entry->second = "a" + std::to_string(nodes.size());
      mlir::Operation *owner = argument.getOwner()->getParentOp();
      auto scan = mlir::dyn_cast<scan::ScanOp>(owner);
      std::string label =
          scan ? innerInputLabel(scan, argument.getArgNumber())
               : (argument.getArgNumber() < names.size()
                      ? names[argument.getArgNumber()]
                      : "argument " + std::to_string(argument.getArgNumber()));
      lines[scan ? scan.getOperation() : nullptr].push_back(
          entry->second + " [label=" + quoted(label + "\n" + typeOf(value)) +
          ", shape=ellipse];");
      return;
    }
    mlir::Operation *op = value.getDefiningOp();
    entry->second = "n" + std::to_string(nodes.size());
    std::string node = entry->second;
    auto scan = mlir::dyn_cast<scan::ScanOp>(op);
    mlir::Operation *scope = scan ? op : enclosingScan(op);
    lines[scope].push_back(
        node + " [label=" + quoted(opLabel(value) + "\n" + typeOf(value)) +
        (scan ? ", shape=box3d" : "") + "];");
    for (mlir::Value operand : op->getOperands()) {
      pending.push_back({operand, node, ""});
      worklist.push_back(operand);
    }
    if (scan)
      for (mlir::Value yielded :
           scan.getBody().front().getTerminator()->getOperands()) {
        pending.push_back({yielded, node, " [style=dashed, label=\"yield\"]"});
        worklist.push_back(yielded);
      }
  }

  /// The innermost scan whose body holds `op`, or null.
  static mlir::Operation *enclosingScan(mlir::Operation *op) {
    return op->getParentOfType<scan::ScanOp>();
  }

  /// Writes the nodes of `scope` (a scan, or the function for null) and
  /// the clusters of the scans directly inside it.
  void writeScope(std::ostream &os, mlir::Operation *scope,
                  const std::string &indent) {
    for (const std::string &line : lines[scope])
      os << indent << line << "\n";
    for (auto &[scan, scanLines] : lines) {
      if (!scan || enclosingScan(scan) != scope)
        continue;
      os << indent << "subgraph cluster_" << nodes[scan] << " {\n"
         << indent << "  label=\"scan.scan\"; style=rounded; color=gray50;\n";
      writeScope(os, scan, indent + "  ");
      os << indent << "}\n";
    }
  }

  mlir::func::FuncOp func;
  const std::vector<std::string> &names;
  /// An edge whose source node is known once every node is made.
  struct PendingEdge {
    mlir::Value from;
    std::string to;
    std::string attributes;
  };

  llvm::DenseMap<const void *, std::string> nodes;
  std::map<mlir::Operation *, std::vector<std::string>> lines;
  std::vector<PendingEdge> pending;
  std::vector<std::string> edges;
};

} // namespace

void scanjit::to_dot(const Function &function, std::ostream &os) {
  mlir::DialectRegistry registry;
  scanjit::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(function.mlir(),
                                              mlir::ParserConfig(&context));
  if (!module)
    throw Error("to_dot: the function's module does not parse");
  for (auto func : module->getOps<mlir::func::FuncOp>())
    if (func.isPublic() && !func.isDeclaration()) {
      DotWriter(func, function.argumentNames()).write(os);
      return;
    }
  throw Error("to_dot: the function's module has no function");
}

std::string scanjit::to_dot(const Function &function) {
  std::ostringstream os;
  to_dot(function, os);
  return os.str();
}

void scanjit::debugprint(const Var &var, std::ostream &os) {
  const TracedPtr &node = var.node();
  GraphPrinter printer(*node->module, os);
  printer.print(node->value, "");
  printer.printInnerGraphs();
}

std::string scanjit::debugprint(const Var &var) {
  std::ostringstream os;
  debugprint(var, os);
  return os.str();
}
