//===- MLIRPipelineFuzzer.cpp - Fuzz the parser, verifier and pipeline ----===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// libFuzzer harness of the `.mlir` path scan-opt and scan-run take: the input
// is parsed with the scan dialect and every upstream dialect registered (as
// scan-opt registers them), verified, and when it verifies and is made of the
// CPU pipeline's input dialects, run through the whole CPU pipeline
// (scan-to-llvm). Nothing is executed. Diagnostics are expected; a crash or a
// sanitizer report is a finding.
//
// Inputs that hit a known crash of upstream MLIR's parser are skipped (see
// fuzz/known-upstream-crashes/README.md); each skip rule names its input file
// there.
//
//===----------------------------------------------------------------------===//

#include "scanjit/InitScanJIT.h"
#include "scanjit/Pipelines/CPUPipeline.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Regex.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

/// Every dialect and extension scan-opt registers.
mlir::DialectRegistry &getRegistry() {
  static mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry();
    scanjit::registerAllDialects(*r);
    return r;
  }();
  return *registry;
}

/// True when `text` holds `keyword =` followed by anything but a
/// well-formed list of int64 decimals `[a, b, ...]` (at most 18 digits
/// each, so that every one fits).
bool hasMalformedIntegerList(llvm::StringRef text, llvm::StringRef keyword) {
  for (size_t at = text.find(keyword); at != llvm::StringRef::npos;
       at = text.find(keyword, at + 1)) {
    llvm::StringRef rest = text.drop_front(at + keyword.size()).ltrim();
    if (!rest.consume_front("="))
      continue;
    rest = rest.ltrim();
    if (!rest.consume_front("["))
      return true;
    rest = rest.ltrim();
    if (rest.consume_front("]"))
      continue;
    while (true) {
      rest.consume_front("-");
      size_t digits = 0;
      while (digits < rest.size() && llvm::isDigit(rest[digits]))
        ++digits;
      if (digits == 0 || digits > 18)
        return true;
      rest = rest.drop_front(digits).ltrim();
      if (rest.consume_front("]"))
        break;
      if (!rest.consume_front(","))
        return true;
      rest = rest.ltrim();
    }
  }
  return false;
}

/// True when `text` may hit a known crash of upstream MLIR (see
/// fuzz/known-upstream-crashes/README.md). The rules are lexical and cover
/// the crashing construct whatever surrounds it.
bool isKnownUpstreamCrash(llvm::StringRef text) {
  // dense-array-of-index.mlir: `array<index: ...>` makes
  // Parser::parseDenseArrayAttr ask an IndexType for its bit width.
  static const llvm::Regex denseArrayOfIndex(
      "array[[:space:]]*<[[:space:]]*index");
  // linalg-reduce-huge-dimension.mlir, linalg-reduce-bad-dimensions.mlir:
  // when the `dimensions = [...]` of linalg.reduce / linalg.broadcast or the
  // `permutation = [...]` of linalg.transpose does not parse (a value too
  // large for int64, no list at all), linalg's parser stores a null
  // attribute (NamedAttrList::set(name, nullptr)).
  return denseArrayOfIndex.match(text) ||
         hasMalformedIntegerList(text, "dimensions") ||
         hasMalformedIntegerList(text, "permutation");
}

/// True when every op of `module` belongs to a dialect the CPU pipeline takes
/// as input (the tensor-level IR the frontend emits and the lit tests feed
/// to --scan-to-llvm); other modules are only parsed and verified.
bool isPipelineInput(mlir::ModuleOp module) {
  static const llvm::StringSet<> inputDialects = {
      "builtin", "func", "scan", "tensor", "linalg", "arith", "math"};
  return !module
              ->walk([](mlir::Operation *op) {
                return inputDialects.contains(
                           op->getName().getDialectNamespace())
                           ? mlir::WalkResult::advance()
                           : mlir::WalkResult::interrupt();
              })
              .wasInterrupted();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)getRegistry();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // The MLIR lexer reads the terminating NUL that a MemoryBuffer guarantees:
  // give it a NUL-terminated copy.
  std::string text(reinterpret_cast<const char *>(data), size);
  if (isKnownUpstreamCrash(text))
    return -1; // Not added to the corpus.

  mlir::MLIRContext context(getRegistry(),
                            mlir::MLIRContext::Threading::DISABLED);
  mlir::ScopedDiagnosticHandler quiet(
      &context, [](mlir::Diagnostic &) { return mlir::success(); });
  mlir::ParserConfig config(&context, /*verifyAfterParse=*/true);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, config, "fuzz.mlir");
  if (!module || !isPipelineInput(*module))
    return 0;

  mlir::PassManager pm(&context, mlir::ModuleOp::getOperationName());
  static const scanjit::CPUPipelineOptions *options =
      new scanjit::CPUPipelineOptions();
  scanjit::buildScanToLLVMPipeline(pm, *options);
  (void)pm.run(*module);
  return 0;
}
