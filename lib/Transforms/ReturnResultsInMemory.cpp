//===- ReturnResultsInMemory.cpp - Results stored through a pointer -------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// A lowered function returns its results as one struct of memref
// descriptors, which LLVM's code generation takes apart member by member at
// every insertvalue and phi: quadratic in the number of results. A function
// with a C interface wrapper instead stores its results through a pointer
// the wrapper passes (see Passes.td).
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace scanjit {
#define GEN_PASS_DEF_SCANRETURNRESULTSINMEMORYPASS
#include "scanjit/Transforms/Passes.h.inc"
} // namespace scanjit

using namespace mlir;

namespace {

/// Whether `value` is poison or undef (an early return's results).
bool isPoisonOrUndef(Value value) {
  return value.getDefiningOp<LLVM::PoisonOp>() ||
         value.getDefiningOp<LLVM::UndefOp>();
}

/// Erases the op defining `value` if nothing uses it, and then the ops that
/// defined its operands, as they become unused (an insertvalue chain).
void eraseIfDead(Value value) {
  SmallVector<Operation *> worklist;
  llvm::SmallPtrSet<Operation *, 16> erased;
  if (Operation *op = value.getDefiningOp())
    worklist.push_back(op);
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (erased.contains(op) || !isOpTriviallyDead(op))
      continue;
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp())
        worklist.push_back(def);
    erased.insert(op);
    op->erase();
  }
}

/// Makes `func` take a result pointer first and store its results there.
void storeResultsThroughPointer(LLVM::LLVMFuncOp func,
                                LLVM::LLVMStructType resultType) {
  MLIRContext *context = func.getContext();
  auto pointerType = LLVM::LLVMPointerType::get(context);
  Location loc = func.getLoc();
  if (failed(func.insertArgument(0, pointerType, DictionaryAttr(), loc)))
    return;
  LLVM::LLVMFunctionType type = func.getFunctionType();
  func.setFunctionType(LLVM::LLVMFunctionType::get(
      LLVM::LLVMVoidType::get(context), type.getParams(), type.isVarArg()));
  func.removeResAttrsAttr();
  Value out = func.getArgument(0);

  SmallVector<LLVM::ReturnOp> returns;
  func.walk([&](LLVM::ReturnOp op) { returns.push_back(op); });
  for (LLVM::ReturnOp ret : returns) {
    OpBuilder builder(ret);
    Value results = ret.getArg();
    if (!isPoisonOrUndef(results)) {
      for (unsigned i = 0, e = resultType.getBody().size(); i < e; ++i) {
        // Folds through the insertvalue chain that built the struct.
        Value member = builder.createOrFold<LLVM::ExtractValueOp>(
            ret.getLoc(), results, ArrayRef<int64_t>{i});
        Value address = LLVM::GEPOp::create(
            builder, ret.getLoc(), pointerType, resultType, out,
            ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(i)});
        LLVM::StoreOp::create(builder, ret.getLoc(), member, address);
      }
    }
    LLVM::ReturnOp::create(builder, ret.getLoc(), ValueRange());
    ret.erase();
    eraseIfDead(results);
  }
}

/// Makes `call` pass a result pointer to `callee` (rewritten above): the
/// address its result was stored to, or a stack slot it is loaded from.
void passResultPointer(LLVM::CallOp call, LLVM::LLVMFuncOp callee,
                       LLVM::LLVMStructType resultType) {
  OpBuilder builder(call);
  Location loc = call.getLoc();
  Value result = call.getResult();
  Value out;
  LLVM::StoreOp onlyStore;
  if (result.hasOneUse())
    if (auto store = dyn_cast<LLVM::StoreOp>(*result.getUsers().begin()))
      if (store.getValue() == result)
        onlyStore = store;
  if (onlyStore) {
    out = onlyStore.getAddr();
  } else {
    // A slot in the caller's entry block, not in a loop.
    auto caller = call->getParentOfType<LLVM::LLVMFuncOp>();
    OpBuilder entry = OpBuilder::atBlockBegin(&caller.getBody().front());
    Value one = LLVM::ConstantOp::create(entry, loc, entry.getI64Type(),
                                         entry.getI64IntegerAttr(1));
    out = LLVM::AllocaOp::create(
        entry, loc, LLVM::LLVMPointerType::get(call.getContext()), resultType,
        one);
  }
  SmallVector<Value> operands = {out};
  llvm::append_range(operands, call.getArgOperands());
  LLVM::CallOp::create(builder, loc, callee, operands);
  if (onlyStore) {
    onlyStore.erase();
  } else {
    Value loaded = LLVM::LoadOp::create(builder, loc, resultType, out);
    result.replaceAllUsesWith(loaded);
  }
  call.erase();
}

struct ScanReturnResultsInMemoryPass
    : public scanjit::impl::ScanReturnResultsInMemoryPassBase<
          ScanReturnResultsInMemoryPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto func : llvm::make_early_inc_range(
             module.getOps<LLVM::LLVMFuncOp>())) {
      auto resultType = dyn_cast<LLVM::LLVMStructType>(
          func.getFunctionType().getReturnType());
      if (func.isExternal() || !resultType || func.isVarArg() ||
          !symbols.lookup<LLVM::LLVMFuncOp>(
              ("_mlir_ciface_" + func.getSymName()).str()))
        continue;
      std::optional<SymbolTable::UseRange> uses =
          SymbolTable::getSymbolUses(func, module);
      if (!uses || !llvm::all_of(*uses, [](const SymbolTable::SymbolUse &use) {
            return isa<LLVM::CallOp>(use.getUser());
          }))
        continue;
      SmallVector<LLVM::CallOp> calls;
      for (const SymbolTable::SymbolUse &use : *uses)
        calls.push_back(cast<LLVM::CallOp>(use.getUser()));
      storeResultsThroughPointer(func, resultType);
      for (LLVM::CallOp call : calls)
        passResultPointer(call, func, resultType);
    }
  }
};

} // namespace
