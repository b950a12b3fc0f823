//===- Emitter.cpp - From the frontend graph to tensor-level MLIR ---------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "Emitter.h"

#include "scanjit/Conversion/RuntimeCalls.h"

#include "scanjit/Dialect/Scan/IR/ScanDialect.h"
#include "scanjit/Dialect/Scan/IR/ScanOps.h"
#include "scanjit/Support/Error.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace scanjit::detail {

void loadFrontendDialects(MLIRContext &context) {
  context.loadDialect<arith::ArithDialect, func::FuncDialect,
                      linalg::LinalgDialect, math::MathDialect,
                      memref::MemRefDialect, scf::SCFDialect,
                      tensor::TensorDialect, scan::ScanDialect>();
}

void GraphEmitter::openFunctionScope(const std::vector<NodePtr> &arguments,
                                     ValueRange values) {
  scopes.push_back({nullptr, builder.saveInsertionPoint(), {}});
  for (size_t i = 0; i < arguments.size(); ++i)
    scopes.back().values[arguments[i].get()] = values[i];
}

const ScanBody *GraphEmitter::scopeOf(const Node &node) {
  auto cached = scopeCache.find(&node);
  if (cached != scopeCache.end())
    return cached->second;
  const ScanBody *scope = nullptr;
  switch (node.kind) {
  case OpKind::Placeholder:
    scope = node.body;
    break;
  case OpKind::Scan:
    scope = node.scan->enclosing;
    break;
  default:
    for (const NodePtr &operand : node.operands) {
      const ScanBody *inner = scopeOf(*operand);
      if (!inner || inner == scope)
        continue;
      if (scope && inner->depth == scope->depth)
        throw Error("a value mixes the step arguments of " + scope->name +
                    " and of " + inner->name);
      if (!scope || inner->depth > scope->depth)
        scope = inner;
    }
    break;
  }
  scopeCache[&node] = scope;
  return scope;
}

Value GraphEmitter::emit(const NodePtr &node) {
  for (auto scope = scopes.rbegin(); scope != scopes.rend(); ++scope) {
    auto found = scope->values.find(node.get());
    if (found != scope->values.end())
      return found->second;
  }
  const ScanBody *target = scopeOf(*node);
  auto scope = std::find_if(scopes.begin(), scopes.end(),
                            [&](const Scope &s) { return s.body == target; });
  if (scope == scopes.end()) {
    if (node->kind == OpKind::Input)
      throw Error("input " + Var(node).describe() +
                  " is not among the function's inputs");
    throw Error("a value computed in the body of " +
                (target ? target->name : std::string("the function")) +
                " is used outside it");
  }
  size_t index = scope - scopes.begin();
  OpBuilder::InsertionGuard guard(builder);
  builder.restoreInsertionPoint(scopes[index].insertPoint);
  Value value;
  if (node->kind == OpKind::ScanResult) {
    const Node &scanNode = *node->operands[0];
    auto op = scanOps.find(&scanNode);
    Operation *scanOp =
        op != scanOps.end() ? op->second : emitScan(scanNode);
    builder.restoreInsertionPoint(scopes[index].insertPoint);
    value = scanOp->getResult(node->ints[0]);
  } else {
    value = emitNode(*node);
  }
  value = castToType(value, node->type);
  scopes[index].values[node.get()] = value;
  return value;
}

Value GraphEmitter::indexOf(const NodePtr &scalar) {
  if (std::optional<int64_t> value = constantInteger(*scalar))
    return indexConstant(*value);
  if (scalar->kind == OpKind::Dim)
    return dimValue(emit(scalar->operands[0]), scalar->ints[0]);
  return toIndex(extractScalar(emit(scalar)));
}

Value GraphEmitter::emitNode(const Node &node) {
  switch (node.kind) {
  case OpKind::Input:
    throw Error("input '" + node.name + "' is not among the function's inputs");
  case OpKind::Shared:
    throw Error("shared variable '" + node.name +
                "' is not an argument of the function");
  case OpKind::Placeholder:
    throw Error("a step argument of " + node.body->name +
                " is used outside its body");
  case OpKind::Constant:
    return emitConstant(node);
  case OpKind::Unary:
  case OpKind::Binary:
  case OpKind::Select:
  case OpKind::Cast:
    return emitElementwise(node);
  case OpKind::Dot:
    return emitDot(node);
  case OpKind::Reduce:
    return emitReduce(node);
  case OpKind::Transpose:
    return emitTranspose(node);
  case OpKind::Reshape:
    return emitReshape(node);
  case OpKind::Concatenate:
    return emitConcatenate(node);
  case OpKind::ExpandDims:
    return emitExpandDims(node);
  case OpKind::Arange:
    return emitArange(node);
  case OpKind::Fill:
    return emitFill(node);
  case OpKind::Eye:
    return emitEye(node);
  case OpKind::Dim: {
    Value size = dimValue(emit(node.operands[0]), node.ints[0]);
    Value i64 = arith::IndexCastOp::create(builder, loc, builder.getI64Type(),
                                           size);
    return tensor::FromElementsOp::create(
        builder, loc, RankedTensorType::get({}, builder.getI64Type()),
        ValueRange{i64});
  }
  case OpKind::Pack: {
    SmallVector<Value> elements;
    for (const NodePtr &operand : node.operands)
      elements.push_back(extractScalar(emit(operand)));
    return tensor::FromElementsOp::create(
        builder, loc, toTensorType(*context(), node.type), elements);
  }
  case OpKind::Subtensor:
    return emitSubtensor(node);
  case OpKind::SetSubtensor:
    return emitSetSubtensor(node);
  case OpKind::Random:
    return emitRandom(node);
  case OpKind::Check:
    return emitCheck(node);
  case OpKind::Scan:
  case OpKind::ScanResult:
    break;
  }
  llvm_unreachable("scan nodes are emitted by emitScan");
}

Operation *GraphEmitter::emitScan(const Node &node) {
  const ScanInfo &info = *node.scan;
  const ScanBody &body = *info.body;
  SmallVector<Value> operands;
  for (const NodePtr &operand : node.operands)
    operands.push_back(emit(operand));

  const ScanBody *target = scopeOf(node);
  size_t index = std::find_if(scopes.begin(), scopes.end(),
                              [&](const Scope &s) { return s.body == target; }) -
                 scopes.begin();
  builder.restoreInsertionPoint(scopes[index].insertPoint);

  size_t next = 0;
  SmallVector<scan::SequenceSpec> sequences;
  for (const std::vector<int64_t> &taps : info.sequenceTaps)
    sequences.push_back({operands[next++], {taps.begin(), taps.end()}});
  SmallVector<scan::OutputSpec> outputs;
  for (size_t i = 0; i < info.numOutputs(); ++i) {
    TensorType resultType = info.outputStepTypes[i];
    resultType.shape.insert(resultType.shape.begin(), kDynamic);
    scan::OutputSpec spec{toTensorType(*context(), resultType)};
    const std::vector<int64_t> &taps = info.outputTaps[i];
    if (!taps.empty()) {
      // The output's step type may be less static than the initial value's
      // (a size only the initial value knows): cast to [rows, step type].
      TensorType initialType = info.outputStepTypes[i];
      initialType.shape.insert(initialType.shape.begin(),
                               node.operands[next]->type.shape[0]);
      spec.initialValue = castToType(operands[next++], initialType);
      spec.taps.assign(taps.begin(), taps.end());
    } else {
      spec.taps.clear();
    }
    outputs.push_back(spec);
  }
  ValueRange all(operands);
  ValueRange nonSequences = all.slice(next, info.numNonSequences);
  next += info.numNonSequences;
  ValueRange shared = all.slice(next, info.numShared);
  next += info.numShared;
  Value steps;
  if (info.symbolicSteps)
    steps = extractScalar(operands[next]);
  else if (info.constantSteps)
    steps = indexConstant(*info.constantSteps);

  auto scanOp = scan::ScanOp::create(builder, loc, sequences, outputs,
                                     nonSequences, shared, steps,
                                     info.goBackwards, info.truncateGradient);
  scanOps[&node] = scanOp;

  // The body sees only the scopes that enclose the scan; ops those scopes
  // need while the body is emitted go before the scan.
  std::vector<Scope> hidden(std::make_move_iterator(scopes.begin() + index + 1),
                            std::make_move_iterator(scopes.end()));
  scopes.resize(index + 1);
  OpBuilder::InsertPoint after = scopes[index].insertPoint;
  builder.setInsertionPoint(scanOp);
  scopes[index].insertPoint = builder.saveInsertionPoint();

  Block *block = scanOp.getBodyBlock();
  builder.setInsertionPointToEnd(block);
  scopes.push_back({&body, builder.saveInsertionPoint(), {}});
  // An output's past values have the initial value's step type, which may
  // be more static than the output's (see ScanBuilder::checkOutputs).
  for (size_t i = 0; i < body.placeholders.size(); ++i)
    scopes.back().values[body.placeholders[i].get()] =
        castToType(block->getArgument(i), body.placeholders[i]->type);

  SmallVector<Value> yields;
  for (size_t i = 0; i < body.yields.size(); ++i) {
    Value value = emit(body.yields[i]);
    builder.restoreInsertionPoint(scopes.back().insertPoint);
    const TensorType &type = i < info.numOutputs()
                                 ? info.outputStepTypes[i]
                                 : body.placeholders[body.placeholders.size() -
                                                     info.numShared +
                                                     (i - info.numOutputs())]
                                       ->type;
    yields.push_back(castToType(value, type));
  }
  Value until;
  if (body.until) {
    Value condition = emit(body.until);
    builder.restoreInsertionPoint(scopes.back().insertPoint);
    until = extractScalar(condition);
  }
  builder.restoreInsertionPoint(scopes.back().insertPoint);
  scan::YieldOp::create(builder, loc, yields, until);

  scopes.pop_back();
  scopes[index].insertPoint = after;
  for (Scope &scope : hidden)
    scopes.push_back(std::move(scope));
  return scanOp;
}

OwningOpRef<ModuleOp> emitModule(MLIRContext &context,
                                         const FunctionGraph &graph) {
  loadFrontendDialects(context);
  Location loc = UnknownLoc::get(&context);
  OpBuilder builder(&context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());

  SmallVector<Type> argumentTypes, resultTypes;
  for (const NodePtr &argument : graph.arguments)
    argumentTypes.push_back(toTensorType(context, argument->type));
  for (const NodePtr &result : graph.results)
    resultTypes.push_back(toTensorType(context, result->type));
  auto func = func::FuncOp::create(builder, loc, graph.name,
                                   builder.getFunctionType(argumentTypes,
                                                           resultTypes));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToEnd(entry);

  GraphEmitter emitter(builder, loc);
  emitter.openFunctionScope(graph.arguments, entry->getArguments());
  SmallVector<Value> results;
  for (const NodePtr &result : graph.results)
    results.push_back(emitter.emit(result));
  builder.setInsertionPointToEnd(entry);
  func::ReturnOp::create(builder, loc, results);
  return module;
}

} // namespace scanjit::detail
