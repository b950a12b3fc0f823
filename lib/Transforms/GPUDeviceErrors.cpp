//===- GPUDeviceErrors.cpp - Run-time errors of GPU kernels ---------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "scanjit/Runtime/RuntimeABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANGPUDEVICEERRORSPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// Whether `op` reports a run-time error.
bool isErrorReport(Operation *op) {
  auto call = dyn_cast<func::CallOp>(op);
  return call && call.getCallee() == scanjit::runtime::kErrorFunctionName;
}

/// Replaces `report` (in a kernel) by claiming `record` and storing its code
/// and operands there.
void reportThroughRecord(func::CallOp report, Value record) {
  OpBuilder builder(report);
  Location loc = report.getLoc();
  Type i64 = builder.getI64Type();
  Value zero = arith::ConstantIntOp::create(builder, loc, 0, 64);
  Value code = arith::ExtSIOp::create(builder, loc, i64, report.getOperand(0));
  Value first = arith::ConstantIndexOp::create(builder, loc, 0);
  auto claim = memref::GenericAtomicRMWOp::create(builder, loc, record,
                                                  ValueRange{first});
  {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(claim.getBody());
    Value current = claim.getCurrentValue();
    Value free = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq,
                                       current, zero);
    Value next = arith::SelectOp::create(builder, loc, free, code, current);
    memref::AtomicYieldOp::create(builder, loc, next);
  }
  Value won = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq,
                                    claim.getResult(), zero);
  auto ifWon = scf::IfOp::create(builder, loc, won, /*withElse=*/false);
  builder.setInsertionPointToStart(ifWon.thenBlock());
  for (unsigned i = 1; i < 4; ++i)
    memref::StoreOp::create(
        builder, loc, report.getOperand(i), record,
        ValueRange{arith::ConstantIndexOp::create(builder, loc, i)});
  report.erase();
}

/// After `launch`, reports the error its kernel recorded, if any, and
/// clears the record.
void reportAfterLaunch(gpu::LaunchOp launch, Value record) {
  OpBuilder builder(launch->getContext());
  builder.setInsertionPointAfter(launch);
  Location loc = launch.getLoc();
  Value zero = arith::ConstantIntOp::create(builder, loc, 0, 64);
  auto index = [&](int64_t i) {
    return arith::ConstantIndexOp::create(builder, loc, i).getResult();
  };
  Value code = memref::LoadOp::create(builder, loc, record, index(0));
  Value failed =
      arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::ne, code, zero);
  auto ifFailed = scf::IfOp::create(builder, loc, failed, /*withElse=*/false);
  builder.setInsertionPointToStart(ifFailed.thenBlock());
  SmallVector<Value> operands{
      arith::TruncIOp::create(builder, loc, builder.getI32Type(), code)};
  for (int64_t i = 1; i < 4; ++i)
    operands.push_back(memref::LoadOp::create(builder, loc, record, index(i)));
  func::CallOp::create(builder, loc, scanjit::runtime::kErrorFunctionName,
                       TypeRange(), operands);
  memref::StoreOp::create(builder, loc, zero, record, index(0));
}

struct ScanGPUDeviceErrorsPass
    : public scanjit::impl::ScanGPUDeviceErrorsPassBase<
          ScanGPUDeviceErrorsPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      // The launches whose kernels report errors, and the reports.
      SmallVector<std::pair<gpu::LaunchOp, SmallVector<func::CallOp>>> launches;
      func.walk([&](gpu::LaunchOp launch) {
        SmallVector<func::CallOp> reports;
        launch.getBody().walk([&](Operation *op) {
          if (isErrorReport(op))
            reports.push_back(cast<func::CallOp>(op));
        });
        if (!reports.empty())
          launches.push_back({launch, std::move(reports)});
      });
      if (launches.empty())
        continue;
      OpBuilder builder = OpBuilder::atBlockBegin(&func.getBody().front());
      Location loc = func.getLoc();
      auto recordType = MemRefType::get({4}, builder.getI64Type());
      Value record =
          gpu::AllocOp::create(builder, loc, recordType, Type(), ValueRange(),
                               ValueRange(), ValueRange(), /*hostShared=*/true)
              .getMemref();
      memref::StoreOp::create(
          builder, loc, arith::ConstantIntOp::create(builder, loc, 0, 64),
          record, ValueRange{arith::ConstantIndexOp::create(builder, loc, 0)});
      for (auto &[launch, reports] : launches) {
        for (func::CallOp report : reports)
          reportThroughRecord(report, record);
        reportAfterLaunch(launch, record);
      }
      func.walk([&](func::ReturnOp ret) {
        OpBuilder atReturn(ret);
        memref::DeallocOp::create(atReturn, ret.getLoc(), record);
      });
    }
  }
};

} // namespace
