//===- DiagnosticCapture.cpp - Collect MLIR diagnostics as text -----------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "DiagnosticCapture.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

#include "llvm/Support/raw_ostream.h"

using namespace scanjit::detail;

namespace {

const char *severityName(mlir::DiagnosticSeverity severity) {
  switch (severity) {
  case mlir::DiagnosticSeverity::Error:
    return "error";
  case mlir::DiagnosticSeverity::Warning:
    return "warning";
  case mlir::DiagnosticSeverity::Note:
    return "note";
  case mlir::DiagnosticSeverity::Remark:
    return "remark";
  }
  return "diagnostic";
}

/// "file:line:col: " when the location has a file, nothing when it is
/// unknown, else MLIR's own syntax.
void printLocation(llvm::raw_ostream &os, mlir::Location location) {
  if (auto fileLocation = location->findInstanceOf<mlir::FileLineColLoc>()) {
    os << fileLocation.getFilename().getValue() << ":" << fileLocation.getLine()
       << ":" << fileLocation.getColumn() << ": ";
    return;
  }
  if (!llvm::isa<mlir::UnknownLoc>(location))
    os << location << ": ";
}

/// MLIR's note that prints the operation a diagnostic is about.
bool printsOperation(const mlir::Diagnostic &note) {
  return llvm::StringRef(note.str()).starts_with("see current operation");
}

void printDiagnostic(llvm::raw_ostream &os, const mlir::Diagnostic &diagnostic,
                     bool withOperations) {
  printLocation(os, diagnostic.getLocation());
  os << severityName(diagnostic.getSeverity()) << ": " << diagnostic << "\n";
  for (const mlir::Diagnostic &note : diagnostic.getNotes())
    if (withOperations || !printsOperation(note))
      printDiagnostic(os, note, withOperations);
}

} // namespace

DiagnosticCapture::DiagnosticCapture(mlir::MLIRContext *context,
                                     bool withOperations)
    : handler(context, [this, withOperations](mlir::Diagnostic &diagnostic) {
        std::string text;
        llvm::raw_string_ostream os(text);
        printDiagnostic(os, diagnostic, withOperations);
        std::lock_guard<std::mutex> lock(mutex);
        captured += text;
        return mlir::success();
      }) {}

std::string DiagnosticCapture::text() const {
  std::lock_guard<std::mutex> lock(mutex);
  return captured;
}

std::string DiagnosticCapture::messageWith(const std::string &what) const {
  std::string diagnostics = text();
  while (!diagnostics.empty() && diagnostics.back() == '\n')
    diagnostics.pop_back();
  return diagnostics.empty() ? what : what + ":\n" + diagnostics;
}
