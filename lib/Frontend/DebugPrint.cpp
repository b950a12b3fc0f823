//===- DebugPrint.cpp - A graph as Theano's debugprint prints it ----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Walks the MLIR the frontend traced (a Var is a value of its Graph's
// module) from the value back through its defining ops.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/DebugPrint.h"

#include "Tracing.h"

#include "scanjit/Dialect/Scan/IR/ScanOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"

#include <sstream>

using namespace scanjit;
using namespace scanjit::detail;

namespace {

/// Prints one graph after another, sharing ids.
class GraphPrinter {
public:
  GraphPrinter(const TraceModule &module, std::ostream &os)
      : module(module), os(os) {}

  /// Prints `value` and what computes it, each line starting with `prefix`.
  void print(mlir::Value value, const std::string &prefix) {
    // The frontend guards a computation that may read out of bounds or
    // broadcast wrongly with `scf.if %bad { fallback } else { computed }`
    // (Emitter::selectComputed): the user wrote the computation.
    if (auto guarded = value.getDefiningOp<mlir::scf::IfOp>())
      if (guarded.elseBlock())
        return print(guarded.elseYield()->getOperand(
                         mlir::cast<mlir::OpResult>(value).getResultNumber()),
                     prefix);
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
      print(operand, indent(prefix));
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
      os << "\n" << label(first) << " [id " << idOf(first).first << "] "
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
  /// input of a scan body, or the op (with a constant's value).
  std::string label(mlir::Value value) const {
    if (auto argument = mlir::dyn_cast<mlir::BlockArgument>(value)) {
      auto found = module.arguments.find(value);
      if (found != module.arguments.end())
        return found->second.name.empty() ? found->second.describe()
                                          : found->second.name;
      if (auto scan = mlir::dyn_cast<scan::ScanOp>(
              argument.getOwner()->getParentOp()))
        return innerInputLabel(scan, argument.getArgNumber());
      return "<argument " + std::to_string(argument.getArgNumber()) + ">";
    }
    mlir::Operation *op = value.getDefiningOp();
    std::string name = op->getName().getStringRef().str();
    if (auto constant = mlir::dyn_cast<mlir::arith::ConstantOp>(op)) {
      std::string text;
      llvm::raw_string_ostream stream(text);
      mlir::Attribute attribute = constant.getValue();
      if (auto dense = mlir::dyn_cast<mlir::DenseElementsAttr>(attribute);
          dense && dense.isSplat())
        dense.getSplatValue<mlir::Attribute>().print(stream,
                                                     /*elideType=*/true);
      else if (mlir::isa<mlir::DenseElementsAttr>(attribute))
        stream << "...";
      else
        attribute.print(stream, /*elideType=*/true);
      return name + "{" + text + "}";
    }
    if (op->getNumResults() > 1)
      return name + "." + std::to_string(
                              mlir::cast<mlir::OpResult>(value).getResultNumber());
    return name;
  }

  /// What block argument `number` of `scan`'s body receives, in the order
  /// of the semantics: sequence tap slices, past outputs, non-sequences.
  static std::string innerInputLabel(scan::ScanOp scan, unsigned number) {
    unsigned next = 0;
    for (unsigned i = 0, e = scan.getSequences().size(); i < e; ++i)
      for (int64_t tap : scan.getSequenceTapsOf(i))
        if (next++ == number)
          return "<sequence " + std::to_string(i) + "[t" +
                 (tap < 0 ? "" : "+") + std::to_string(tap) + "]>";
    for (unsigned i = 0, e = scan.getOutputTaps().size(); i < e; ++i)
      for (int64_t tap : scan.getOutputTapsOf(i))
        if (next++ == number)
          return "<output " + std::to_string(i) + "[t" +
                 (tap < 0 ? "" : "+") + std::to_string(tap) + "]>";
    return "<non-sequence " + std::to_string(number - next) + ">";
  }

  /// "f64[?, 3]" for a ranked tensor, the MLIR spelling otherwise.
  static std::string typeOf(mlir::Value value) {
    if (auto tensor = mlir::dyn_cast<mlir::RankedTensorType>(value.getType())) {
      std::string text;
      llvm::raw_string_ostream stream(text);
      stream << tensor.getElementType() << "[";
      for (int64_t i = 0; i < tensor.getRank(); ++i)
        stream << (i ? ", " : "")
               << (tensor.isDynamicDim(i)
                       ? std::string("?")
                       : std::to_string(tensor.getDimSize(i)));
      stream << "]";
      return text;
    }
    std::string text;
    llvm::raw_string_ostream stream(text);
    stream << value.getType();
    return text;
  }

  static std::string indent(const std::string &prefix) { return prefix + " |"; }

  const TraceModule &module;
  std::ostream &os;
  llvm::DenseMap<const void *, std::string> ids;
  std::vector<scan::ScanOp> scans;
};

} // namespace

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
