//===- RuntimeCalls.h - Calls of the runtime from generated IR --*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// How generated code reports a run-time error (see RuntimeABI.h): the
// declaration of `scanjit_rt_error` and the guarded call of it. Shared by
// convert-scan-to-scf and the frontend's run-time checks.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_CONVERSION_RUNTIMECALLS_H
#define SCANJIT_CONVERSION_RUNTIMECALLS_H

#include "scanjit/Runtime/RuntimeABI.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace scanjit {

/// Declares `void scanjit_rt_error(i32, i64, i64, i64)` in `module`, unless
/// it is declared already.
void declareRuntimeErrorFunction(mlir::ModuleOp module);

/// Emits `scf.if %condition { scanjit_rt_error(code, operands...) }` at the
/// builder's insertion point (nothing when `condition` is the constant
/// false). `operands` are up to three index or i64 values; null or missing
/// ones are passed as 0.
void emitRuntimeErrorIf(mlir::OpBuilder &builder, mlir::Location loc,
                        mlir::Value condition, runtime::ErrorCode code,
                        llvm::ArrayRef<mlir::Value> operands);

} // namespace scanjit

#endif // SCANJIT_CONVERSION_RUNTIMECALLS_H
