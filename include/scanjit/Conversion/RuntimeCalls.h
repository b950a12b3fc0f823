//===- RuntimeCalls.h - Calls of the runtime from generated IR --*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// How generated code reports a run-time error (see RuntimeABI.h). Passes and
// the frontend emit `scan.check` (emitCheckFailingIf), which stays in the IR
// until a target lowers it; the CPU target's lowerings emit the declaration
// of `scanjit_rt_error` and the guarded call of it.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_CONVERSION_RUNTIMECALLS_H
#define SCANJIT_CONVERSION_RUNTIMECALLS_H

#include "scanjit/Runtime/RuntimeABI.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace scanjit {

/// Emits `scan.check` reporting `code` with `operands` (up to three index or
/// i64 values; null or missing ones are 0) when `failed` holds, at the
/// builder's insertion point; nothing when `failed` is the constant false.
void emitCheckFailingIf(mlir::OpBuilder &builder, mlir::Location loc,
                        mlir::Value failed, runtime::ErrorCode code,
                        llvm::ArrayRef<mlir::Value> operands);

/// Declares `void scanjit_rt_error(i32, i64, i64, i64)` in `module`, unless
/// it is declared already.
void declareRuntimeErrorFunction(mlir::ModuleOp module);

/// Emits `scanjit_rt_error(code, operands...)` at the builder's insertion
/// point. `operands` are up to three index or i64 values; null or missing
/// ones are passed as 0.
void emitRuntimeErrorCall(mlir::OpBuilder &builder, mlir::Location loc,
                          runtime::ErrorCode code,
                          llvm::ArrayRef<mlir::Value> operands);

/// Emits `scf.if %condition { scanjit_rt_error(code, operands...) }` at the
/// builder's insertion point (nothing when `condition` is the constant
/// false, the bare call when it is the constant true). `operands` are up to three index or i64 values; null or missing
/// ones are passed as 0.
void emitRuntimeErrorIf(mlir::OpBuilder &builder, mlir::Location loc,
                        mlir::Value condition, runtime::ErrorCode code,
                        llvm::ArrayRef<mlir::Value> operands);

} // namespace scanjit

#endif // SCANJIT_CONVERSION_RUNTIMECALLS_H
