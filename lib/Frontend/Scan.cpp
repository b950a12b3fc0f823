//===- Scan.cpp - Theano's scan as a graph node ---------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// buildScan checks the options, traces fn into a new block whose arguments
// are the step's Vars, turns the shared variables fn updates (and the
// counters of random draws made in fn) into loop state, and creates the
// scan.scan around the block: values the body reads from outside become
// non-sequences by construction (constants are cloned in). Every mistake
// Theano reports while building a scan is reported here as a
// scanjit::Error naming the scan (with the location of the scan() call) and
// the culprit.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Scan.h"

#include "ScanRules.h"
#include "TypeRules.h"

#include "scanjit/Frontend/Ops.h"
#include "scanjit/Support/Error.h"

#include <algorithm>

using namespace scanjit;
using namespace scanjit::detail;

Var ScanResult::output() const {
  if (outputs.size() != 1)
    throw Error("the scan has " + std::to_string(outputs.size()) +
                " outputs, not one");
  return outputs[0];
}

ScanResult detail::lastSteps(ScanResult result,
                             const std::source_location &loc) {
  for (Var &output : result.outputs)
    output = output.at({-1}, loc);
  return result;
}

ScanOperands detail::scanOperands(const std::vector<SequenceInfo> &sequences,
                                  const std::vector<OutputInfo> &outputs,
                                  bool hasNSteps,
                                  std::optional<int64_t> constantNSteps,
                                  int64_t truncateGradient) {
  ScanOperands operands{{}, {}, hasNSteps, constantNSteps, truncateGradient};
  for (const SequenceInfo &sequence : sequences)
    operands.sequences.push_back({sequence.value, sequence.taps});
  for (const OutputInfo &output : outputs)
    operands.outputs.push_back({output.initial, output.taps});
  return operands;
}

namespace {

/// NumPy's spelling of a shape, "?" for a size known only at run time:
/// "(3, 10)", "(5,)", "()".
std::string formatShape(const std::vector<int64_t> &shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + (shape[i] == kDynamic ? std::string("?")
                                                    : std::to_string(shape[i]));
  return text + (shape.size() == 1 ? ",)" : ")");
}

/// "1 non-sequence", "2 non-sequences".
std::string count(size_t n, const std::string &noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

/// Builds one scan.scan: checks the options, traces fn into a body block,
/// turns what the body reads from outside into non-sequences (or shared
/// state) and creates the op around the body. `label` names the scan in
/// messages ("ScanTest.cpp:42: scan 'rnn'").
class ScanBuilder {
public:
  ScanBuilder(const StepFunction &fn, const ScanOptions &options,
              const std::source_location &loc, bool checkpoint)
      : fn(fn), options(options), loc(loc), checkpoint(checkpoint),
        label(describeLocation(loc) + ": " +
              (options.name.empty() ? "scan" : "scan '" + options.name + "'")) {
  }

  ScanResult build();

private:
  /// Drops what the module keeps of the ops of `block` (an abandoned body).
  void forgetEffectsIn(mlir::Block *block);
  [[noreturn]] void fail(const std::string &message) const {
    throw Error(label + ": " + message);
  }

  /// Reads n_steps: a constant, or an integer scalar Var (constant-folded
  /// where the graph allows).
  void readStepCount();
  /// Checks the operands with the dialect's rules (ScanRules.h).
  void checkSignature();
  void addSequences();
  void addOutputs();
  void addNonSequences();
  std::string describeArguments() const;
  void checkArity() const;
  StepResult trace();
  void checkOutputs(StepResult &step);
  void addState(const StepResult &step);
  ScanResult close(const StepResult &step);

  const StepFunction &fn;
  const ScanOptions &options;
  std::source_location loc;
  /// Whether the op is a `checkpoint` scan (buildScan).
  bool checkpoint;
  std::string label;
  std::shared_ptr<TraceModule> module;
  std::shared_ptr<TracingScope> body;

  std::vector<std::vector<int64_t>> sequenceTaps, outputTaps;
  std::vector<Var> sequenceOperands, initialOperands, nonSequenceOperands;
  /// The types of the body's arguments while fn is traced (sequence taps,
  /// output taps, non-sequences).
  std::vector<TensorType> placeholderTypes;
  /// The step types of recurrent outputs' past values (the initial values').
  std::vector<TensorType> recurrentStepTypes;
  /// The type of one step of each output.
  std::vector<TensorType> outputStepTypes;
  std::vector<SharedVariable> state;
  std::vector<Var> stateNext;
  std::vector<SharedVariable> randomCounters;
  std::optional<int64_t> constantSteps;
  Var stepsOperand;
};

void ScanBuilder::checkSignature() {
  checkScanOperands(scanOperands(options.sequences, options.outputs_info,
                                 options.n_steps.has_value(), constantSteps,
                                 options.truncate_gradient),
                    label);
}

void ScanBuilder::addSequences() {
  for (size_t i = 0; i < options.sequences.size(); ++i) {
    const SequenceInfo &sequence = options.sequences[i];
    std::string what = "sequence #" + std::to_string(i);
    const TracedPtr &node = tracedOf(sequence.value, label + ": " + what);
    TensorType step{node->type.dtype,
                    {node->type.shape.begin() + 1, node->type.shape.end()}};
    placeholderTypes.insert(placeholderTypes.end(), sequence.taps.size(), step);
    sequenceOperands.push_back(sequence.value);
    sequenceTaps.push_back(sequence.taps);
  }
}

void ScanBuilder::addOutputs() {
  for (size_t i = 0; i < options.outputs_info.size(); ++i) {
    const OutputInfo &output = options.outputs_info[i];
    std::string what = "output #" + std::to_string(i);
    if (!output.initial.valid()) {
      outputTaps.push_back({});
      recurrentStepTypes.push_back({});
      continue;
    }
    outputTaps.push_back(output.taps);
    const TracedPtr &initial = tracedOf(output.initial, label + ": " + what);
    TensorType step = initial->type;
    Var initialValue = output.initial;
    if (output.taps == std::vector<int64_t>{-1}) {
      // The initial value is one step: give it a leading dimension of 1.
      TensorType expanded = initial->type;
      expanded.shape.insert(expanded.shape.begin(), 1);
      Emitter emitter = emitterFor(*module);
      initialValue =
          makeVar(module, emitter.emitExpandDims(initial->value, 0, expanded),
                  expanded);
    } else {
      step.shape.erase(step.shape.begin());
    }
    placeholderTypes.insert(placeholderTypes.end(), output.taps.size(), step);
    recurrentStepTypes.push_back(step);
    initialOperands.push_back(initialValue);
  }
}

void ScanBuilder::addNonSequences() {
  for (size_t i = 0; i < options.non_sequences.size(); ++i) {
    const TracedPtr &node =
        tracedOf(options.non_sequences[i],
                 label + ": non-sequence #" + std::to_string(i));
    nonSequenceOperands.push_back(options.non_sequences[i]);
    placeholderTypes.push_back(node->type);
  }
}

void ScanBuilder::readStepCount() {
  if (!options.n_steps)
    return;
  const NSteps &steps = *options.n_steps;
  if (steps.constant) {
    constantSteps = steps.constant;
    return;
  }
  const TracedPtr &node = tracedOf(steps.symbolic, label + ": n_steps");
  if (node->type.rank() != 0 || isFloatingPoint(node->type.dtype) ||
      node->type.dtype == DType::Bool)
    fail("n_steps must be an integer scalar, got " + describeType(node->type));
  constantSteps = constantInteger(*node);
  if (!constantSteps)
    stepsOperand = steps.symbolic;
}

std::string ScanBuilder::describeArguments() const {
  // "3: sequence #0 taps [0] (1), output #0 taps [-1] (1), 1 non-sequence;
  // output #1 is not fed back (none) and passes nothing".
  std::vector<std::string> parts, nothing;
  for (size_t i = 0; i < options.sequences.size(); ++i) {
    const std::vector<int64_t> &taps = options.sequences[i].taps;
    parts.push_back("sequence #" + std::to_string(i) + " taps " +
                    formatTaps(taps) + " (" + std::to_string(taps.size()) +
                    ")");
  }
  for (size_t i = 0; i < options.outputs_info.size(); ++i) {
    const OutputInfo &output = options.outputs_info[i];
    if (output.initial.valid())
      parts.push_back("output #" + std::to_string(i) + " taps " +
                      formatTaps(output.taps) + " (" +
                      std::to_string(output.taps.size()) + ")");
    else
      nothing.push_back("output #" + std::to_string(i));
  }
  if (!options.non_sequences.empty())
    parts.push_back(count(options.non_sequences.size(), "non-sequence"));
  std::string text = std::to_string(placeholderTypes.size());
  if (parts.empty())
    text += " (no sequences, no outputs fed back, no non-sequences)";
  for (size_t i = 0; i < parts.size(); ++i)
    text += (i ? ", " : ": ") + parts[i];
  if (!nothing.empty()) {
    text += "; ";
    for (size_t i = 0; i < nothing.size(); ++i)
      text += (i ? ", " : "") + nothing[i];
    text += nothing.size() == 1 ? " is not fed back (none) and passes nothing"
                                : " are not fed back (none) and pass nothing";
  }
  return text;
}

void ScanBuilder::checkArity() const {
  size_t passed = placeholderTypes.size();
  if (fn.takesSpan || std::find(fn.arities.begin(), fn.arities.end(), passed) !=
                          fn.arities.end())
    return;
  if (fn.arities.empty())
    fail("fn cannot be called with Var arguments (it takes neither Vars "
         "nor a std::span<const Var>); the scan passes " +
         describeArguments());
  std::string accepted;
  for (size_t arity : fn.arities)
    accepted += (accepted.empty() ? "" : " or ") + std::to_string(arity);
  fail("fn takes " + accepted +
       (fn.arities.size() == 1 && fn.arities[0] == 1 ? " argument"
                                                     : " arguments") +
       ", but the scan passes " + describeArguments());
}

StepResult ScanBuilder::trace() {
  checkArity();
  body = std::make_shared<TracingScope>();
  body->name = label;
  body->ownedBlock = std::make_unique<mlir::Block>();
  body->block = body->ownedBlock.get();
  mlir::Location location = toLocation(module->context, loc);
  for (const TensorType &type : placeholderTypes)
    body->block->addArgument(toTensorType(module->context, type), location);
  module->scopes.push_back(body);
  std::vector<Var> arguments;
  for (size_t i = 0; i < placeholderTypes.size(); ++i)
    arguments.push_back(
        makeVar(module, body->block->getArgument(i), placeholderTypes[i]));
  size_t firstNonSequence = placeholderTypes.size() - nonSequenceOperands.size();
  for (size_t i = 0; i < nonSequenceOperands.size(); ++i)
    body->argumentOrigins[body->block->getArgument(firstNonSequence + i)] =
        nonSequenceOperands[i].node()->value;
  UserCodeScope userCode(loc);
  return fn.call(arguments);
}

void ScanBuilder::checkOutputs(StepResult &step) {
  if (options.outputs_info.empty()) {
    outputTaps.assign(step.outputs.size(), {});
    recurrentStepTypes.assign(step.outputs.size(), {});
  } else if (step.outputs.size() != options.outputs_info.size()) {
    fail("fn returns " + std::to_string(step.outputs.size()) +
         " outputs, but outputs_info has " +
         std::to_string(options.outputs_info.size()) + " entries");
  }
  for (size_t i = 0; i < step.outputs.size(); ++i) {
    std::string what = "output #" + std::to_string(i);
    const TracedPtr &node = tracedOf(step.outputs[i], label + ": fn's " + what);
    if (outputTaps[i].empty()) {
      outputStepTypes.push_back(node->type);
      continue;
    }
    const TensorType &expected = recurrentStepTypes[i];
    if (node->type.dtype != expected.dtype)
      fail(what + ": fn returns " + std::string(toString(node->type.dtype)) +
           " values, but the initial value is " +
           std::string(toString(expected.dtype)) +
           " (no implicit conversion: cast one of them)");
    bool compatible = node->type.rank() == expected.rank();
    for (int64_t d = 0; compatible && d < expected.rank(); ++d)
      compatible = node->type.shape[d] == expected.shape[d] ||
                   node->type.shape[d] == kDynamic ||
                   expected.shape[d] == kDynamic;
    if (!compatible)
      fail(what + ": fn returns shape " + formatShape(node->type.shape) +
           " but the initial value's step shape is " +
           formatShape(expected.shape));
    // A size that only one side knows stays dynamic in the output's step
    // type, so that a mismatch the call's shapes reveal is the run-time
    // check of convert-scan-to-scf, not an invalid cast.
    TensorType stepType = expected;
    for (int64_t d = 0; d < stepType.rank(); ++d)
      if (node->type.shape[d] == kDynamic)
        stepType.shape[d] = kDynamic;
    outputStepTypes.push_back(stepType);
  }
  if (step.until.valid()) {
    const TracedPtr &until = tracedOf(step.until, label + ": until");
    if (until->type.rank() != 0 || until->type.dtype != DType::Bool)
      fail("the until condition must be a bool scalar, got " +
           describeType(until->type));
  }
}

void ScanBuilder::addState(const StepResult &step) {
  for (const auto &[variable, next] : step.updates) {
    state.push_back(variable);
    stateNext.push_back(next);
  }
  randomCounters = body->randomCounters;
  for (const SharedVariable &counter : randomCounters) {
    bool updated = std::any_of(state.begin(), state.end(), [&](auto &s) {
      return s.storage() == counter.storage();
    });
    if (!updated) {
      state.push_back(counter);
      stateNext.push_back(counter.defaultUpdate());
    }
  }
}

ScanResult ScanBuilder::close(const StepResult &step) {
  ScanParts parts;
  parts.label = label;
  parts.body = body->block;
  {
    // The yielded values, in the body.
    Emitter emitter = emitterFor(*module);
    for (size_t i = 0; i < step.outputs.size(); ++i)
      parts.yields.push_back(emitter.castToType(step.outputs[i].node()->value,
                                                outputStepTypes[i]));
    for (size_t i = 0; i < state.size(); ++i)
      parts.yields.push_back(emitter.castToType(
          tracedOf(stateNext[i], label + ": the update of shared variable " +
                                     state[i].describe())
              ->value,
          state[i].type()));
    if (step.until.valid())
      parts.until = emitter.extractScalar(step.until.node()->value);
  }

  // The operands, after the ops the enclosing scope traced.
  module->scopes.pop_back();
  body->open = false;
  Emitter emitter = emitterFor(*module);
  for (size_t i = 0; i < sequenceOperands.size(); ++i)
    parts.sequences.push_back(
        {sequenceOperands[i].node()->value, sequenceTaps[i]});
  size_t nextInitial = 0;
  for (size_t i = 0; i < outputTaps.size(); ++i) {
    TensorType resultType = outputStepTypes[i];
    resultType.shape.insert(resultType.shape.begin(), kDynamic);
    ScanParts::Output output{
        toTensorType(module->context, resultType), {}, outputTaps[i]};
    if (!outputTaps[i].empty()) {
      // The output's step type may be less static than the initial value's
      // (a size only the initial value knows): cast to [rows, step type].
      const Var &initial = initialOperands[nextInitial++];
      TensorType initialType = outputStepTypes[i];
      initialType.shape.insert(initialType.shape.begin(),
                               initial.type().shape[0]);
      output.initialValue =
          emitter.castToType(initial.node()->value, initialType);
    }
    parts.outputs.push_back(output);
  }
  for (const Var &nonSequence : nonSequenceOperands)
    parts.nonSequences.push_back(nonSequence.node()->value);
  for (const SharedVariable &variable : state)
    parts.state.push_back(variable.node()->value);
  if (stepsOperand.valid())
    parts.steps = emitter.extractScalar(stepsOperand.node()->value);
  else if (constantSteps)
    parts.steps = emitter.indexConstant(*constantSteps);
  parts.goBackwards = options.go_backwards;
  parts.truncateGradient = options.truncate_gradient;
  parts.checkpoint = checkpoint;
  parts.strict = options.strict;
  mlir::Operation *scanOp = emitter.emitScan(parts);
  body->block = nullptr;
  body->ownedBlock.reset();

  // The results.
  auto record = std::make_shared<TracedScan>();
  record->module = module;
  record->scope = module->scopes.back();
  record->op = scanOp;
  for (size_t i = 0; i < step.outputs.size(); ++i) {
    TensorType type = outputStepTypes[i];
    type.shape.insert(type.shape.begin(), kDynamic);
    record->resultTypes.push_back(type);
  }
  for (const SharedVariable &variable : state)
    record->resultTypes.push_back(variable.type());
  auto resultVar = [&](size_t i) {
    Var var = makeVar(module, scanOp->getResult(i), record->resultTypes[i]);
    var.node()->scan = record;
    return var;
  };
  ScanResult result;
  for (size_t i = 0; i < step.outputs.size(); ++i)
    result.outputs.push_back(resultVar(i));
  for (size_t i = 0; i < state.size(); ++i)
    result.updates.set(state[i], resultVar(step.outputs.size() + i));
  // The counters of random draws advance with the loop; an enclosing scan
  // carries them in turn.
  for (SharedVariable &counter : randomCounters) {
    for (size_t i = 0; i < state.size(); ++i)
      if (state[i].storage() == counter.storage())
        counter.storage()->advancingResult =
            static_cast<int64_t>(step.outputs.size() + i);
    counter.storage()->advancingScan = record;
    module->current().randomCounters.push_back(counter);
  }
  return result;
}

ScanResult ScanBuilder::build() {
  LocationScope location(loc);
  std::vector<const Var *> operands;
  for (const SequenceInfo &sequence : options.sequences)
    operands.push_back(&sequence.value);
  for (const OutputInfo &output : options.outputs_info)
    operands.push_back(&output.initial);
  for (const Var &nonSequence : options.non_sequences)
    operands.push_back(&nonSequence);
  module = currentTraceModule();
  for (const Var *operand : operands)
    if (operand->valid())
      module = operand->node()->module;
  readStepCount();
  checkSignature();
  addSequences();
  addOutputs();
  addNonSequences();
  StepResult step;
  try {
    step = trace();
    checkOutputs(step);
    addState(step);
    return close(step);
  } catch (...) {
    if (body && body->open) {
      body->open = false;
      module->scopes.pop_back();
    }
    if (body)
      forgetEffectsIn(body->block);
    throw;
  }
}

void ScanBuilder::forgetEffectsIn(mlir::Block *block) {
  // The abandoned body goes away with its ops: the run-time checks traced
  // in it must not go with a later Var (function() would copy freed ops),
  // and nothing may stay keyed by its values or ops.
  auto inside = [block](mlir::Block *at) {
    for (; at; at = at->getParentOp() ? at->getParentOp()->getBlock() : nullptr)
      if (at == block)
        return true;
    return false;
  };
  llvm::erase_if(module->pendingEffects,
                 [&](mlir::Operation *op) { return inside(op->getBlock()); });
  llvm::SmallVector<mlir::Value> stale;
  for (auto &[value, effects] : module->effectsOf)
    if (inside(value.getParentBlock()))
      stale.push_back(value);
  for (mlir::Value value : stale)
    module->effectsOf.erase(value);
  llvm::SmallVector<mlir::Operation *> staleScans;
  for (auto &[op, count] : module->explicitNonSequences)
    if (inside(op->getBlock()))
      staleScans.push_back(op);
  for (mlir::Operation *op : staleScans)
    module->explicitNonSequences.erase(op);
}

} // namespace

ScanResult detail::buildScan(const StepFunction &fn, const ScanOptions &options,
                             const std::source_location &loc,
                             bool checkpoint) {
  return ScanBuilder(fn, options, loc, checkpoint).build();
}
