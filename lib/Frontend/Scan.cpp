//===- Scan.cpp - Theano's scan as a graph node ---------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// buildScan checks the options, calls fn once on placeholders to trace the
// body, turns the shared variables fn updates (and the counters of random
// draws made in fn) into loop state, and adds the scan node and its result
// nodes. Every mistake Theano reports while building a scan is reported here
// as a scanjit::Error naming the scan and the culprit.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Scan.h"

#include "Node.h"
#include "NodeBuilders.h"
#include "Tracing.h"

#include "scanjit/Frontend/Ops.h"

#include <algorithm>
#include <set>

using namespace scanjit;
using namespace scanjit::detail;

std::vector<TracingFrame> &detail::tracingStack() {
  static thread_local std::vector<TracingFrame> stack;
  return stack;
}

Var ScanResult::output() const {
  if (outputs.size() != 1)
    throw Error("the scan has " + std::to_string(outputs.size()) +
                " outputs, not one");
  return outputs[0];
}

ScanResult detail::lastSteps(ScanResult result) {
  for (Var &output : result.outputs)
    output = output[-1];
  return result;
}

namespace {

/// "[-3, -1]".
std::string formatTaps(const std::vector<int64_t> &taps) {
  std::string text = "[";
  for (size_t i = 0; i < taps.size(); ++i)
    text += (i ? ", " : "") + std::to_string(taps[i]);
  return text + "]";
}

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

/// Builds one scan; `label` names it in messages ("scan 'rnn'").
class ScanBuilder {
public:
  ScanBuilder(const StepFunction &fn, const ScanOptions &options)
      : fn(fn), options(options),
        label(options.name.empty() ? "scan" : "scan '" + options.name + "'"),
        info(std::make_shared<ScanInfo>()),
        body(std::make_shared<ScanBody>()) {}

  ScanResult build();

private:
  [[noreturn]] void fail(const std::string &message) const {
    throw Error(label + ": " + message);
  }
  static void checkDistinct(const std::vector<int64_t> &taps,
                            const std::function<void(int64_t)> &onRepeat);

  void addSequences();
  void addOutputs();
  void addNonSequences();
  void checkSteps();
  void checkStepCount();
  std::string describeArguments() const;
  StepResult trace();
  void checkOutputs(StepResult &step);
  void addState(const StepResult &step);
  void replaceCaptures(StepResult &step);
  void rejectStateReadByNestedScans(const std::vector<NodePtr> &roots) const;
  void checkStrict(const StepResult &step) const;
  ScanResult makeResults(const StepResult &step);

  NodePtr placeholder(const TensorType &type) {
    NodePtr node = makeNode(OpKind::Placeholder, type, {});
    node->body = body.get();
    body->placeholders.push_back(node);
    return node;
  }

  const StepFunction &fn;
  const ScanOptions &options;
  std::string label;
  std::shared_ptr<ScanInfo> info;
  std::shared_ptr<ScanBody> body;

  std::vector<NodePtr> sequenceOperands, initialOperands, nonSequenceOperands;
  std::vector<NodePtr> nonSequencePlaceholders;
  /// The placeholders of recurrent outputs' first taps (their step types).
  std::vector<TensorType> recurrentStepTypes;
  std::vector<SharedVariable> state;
  std::vector<Var> stateNext;
  std::vector<NodePtr> statePlaceholders;
  std::vector<SharedVariable> randomCounters;
  NodePtr stepsOperand;
};

void ScanBuilder::checkDistinct(const std::vector<int64_t> &taps,
                                const std::function<void(int64_t)> &onRepeat) {
  std::set<int64_t> seen;
  for (int64_t tap : taps)
    if (!seen.insert(tap).second)
      onRepeat(tap);
}

void ScanBuilder::addSequences() {
  for (size_t i = 0; i < options.sequences.size(); ++i) {
    const SequenceInfo &sequence = options.sequences[i];
    std::string what = "sequence #" + std::to_string(i);
    const NodePtr &node = nodeOf(sequence.value, (label + ": " + what).c_str());
    what += " (" + sequence.value.describe() + ")";
    if (node->type.rank() == 0)
      fail(what + " is a scalar; a sequence needs a leading dimension");
    if (sequence.taps.empty())
      fail(what + " has no taps");
    checkDistinct(sequence.taps, [&](int64_t tap) {
      fail(what + " repeats tap " + std::to_string(tap));
    });
    TensorType step{node->type.dtype, {node->type.shape.begin() + 1,
                                       node->type.shape.end()}};
    for (size_t t = 0; t < sequence.taps.size(); ++t)
      placeholder(step);
    sequenceOperands.push_back(node);
    info->sequenceTaps.push_back(sequence.taps);
  }
}

void ScanBuilder::addOutputs() {
  for (size_t i = 0; i < options.outputs_info.size(); ++i) {
    const OutputInfo &output = options.outputs_info[i];
    std::string what = "output #" + std::to_string(i);
    if (!output.initial.valid()) {
      // PyTensor: "If you are using slices of an output you need to provide
      // a initial state". Without taps, a null Var reads nothing: none.
      if (!output.taps.empty())
        fail(what + " has taps " + formatTaps(output.taps) +
             " but no initial value (a null Var); reading past values of an "
             "output needs an initial state (pass `none` for an output fn "
             "does not read back)");
      info->outputTaps.push_back({});
      recurrentStepTypes.push_back({});
      continue;
    }
    info->outputTaps.push_back(output.taps);
    if (output.taps.empty())
      fail(what + " has an initial value but no taps");
    for (int64_t tap : output.taps)
      if (tap >= 0)
        fail(what + " has tap " + std::to_string(tap) +
             "; output taps must be negative");
    checkDistinct(output.taps, [&](int64_t tap) {
      fail(what + " repeats tap " + std::to_string(tap));
    });
    NodePtr initial = output.initial.node();
    TensorType step = initial->type;
    if (output.taps == std::vector<int64_t>{-1}) {
      // The initial value is one step: give it a leading dimension of 1.
      TensorType expanded = initial->type;
      expanded.shape.insert(expanded.shape.begin(), 1);
      NodePtr node = makeNode(OpKind::ExpandDims, expanded, {initial});
      node->ints = {0};
      initial = node;
    } else {
      int64_t depth = -*std::min_element(output.taps.begin(), output.taps.end());
      if (initial->type.rank() == 0)
        fail("the initial value of " + what + " (" +
             output.initial.describe() +
             ") is a scalar; taps other than [-1] need a leading dimension "
             "holding " + std::to_string(depth) + " past steps");
      int64_t rows = initial->type.shape[0];
      if (rows != kDynamic && rows < depth)
        fail("the initial value of " + what + " has " + std::to_string(rows) +
             " rows, but its taps need " + std::to_string(depth));
      step.shape.erase(step.shape.begin());
    }
    for (size_t t = 0; t < output.taps.size(); ++t)
      placeholder(step);
    recurrentStepTypes.push_back(step);
    initialOperands.push_back(initial);
  }
}

void ScanBuilder::addNonSequences() {
  for (size_t i = 0; i < options.non_sequences.size(); ++i) {
    const NodePtr &node =
        nodeOf(options.non_sequences[i],
               (label + ": non-sequence #" + std::to_string(i)).c_str());
    nonSequenceOperands.push_back(node);
    nonSequencePlaceholders.push_back(placeholder(node->type));
  }
}

void ScanBuilder::checkSteps() {
  checkStepCount();
  // Where the graph knows a sequence's length, check it against its taps
  // and a constant n_steps now rather than when the function runs. The span
  // always includes tap 0 (PyTensor): a sequence of length L read at taps
  // with lo = min(min(taps), 0), hi = max(max(taps), 0) provides
  // L - (hi - lo) steps.
  for (size_t i = 0; i < options.sequences.size(); ++i) {
    int64_t length = sequenceOperands[i]->type.shape[0];
    if (length == kDynamic)
      continue;
    const std::vector<int64_t> &taps = options.sequences[i].taps;
    int64_t lo =
        std::min<int64_t>(*std::min_element(taps.begin(), taps.end()), 0);
    int64_t hi =
        std::max<int64_t>(*std::max_element(taps.begin(), taps.end()), 0);
    int64_t provided = length - (hi - lo);
    std::string what = "sequence #" + std::to_string(i);
    if (provided < 0)
      fail(what + " (" + options.sequences[i].value.describe() +
           ") has length " + std::to_string(length) + ", but its taps " +
           formatTaps(taps) + " span " + std::to_string(hi - lo + 1) + " rows");
    if (info->constantSteps && *info->constantSteps > provided)
      fail("n_steps is " + std::to_string(*info->constantSteps) + " but " +
           what + " (" + options.sequences[i].value.describe() +
           ") provides only " + count(provided, "step"));
  }
}

void ScanBuilder::checkStepCount() {
  if (!options.n_steps) {
    if (options.sequences.empty())
      fail("there are no sequences and no n_steps; give n_steps");
    return;
  }
  const NSteps &steps = *options.n_steps;
  if (steps.constant) {
    if (*steps.constant < 0)
      fail("n_steps is negative (" + std::to_string(*steps.constant) + ")");
    info->constantSteps = steps.constant;
    return;
  }
  const NodePtr &node = nodeOf(steps.symbolic, (label + ": n_steps").c_str());
  if (node->type.rank() != 0 || isFloatingPoint(node->type.dtype) ||
      node->type.dtype == DType::Bool)
    fail("n_steps must be an integer scalar, got " + describeType(node->type));
  if (std::optional<int64_t> value = constantInteger(*node)) {
    if (*value < 0)
      fail("n_steps is negative (" + std::to_string(*value) + ")");
    info->constantSteps = value;
    return;
  }
  info->symbolicSteps = true;
  stepsOperand = node;
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
  std::string text = std::to_string(body->placeholders.size());
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

StepResult ScanBuilder::trace() {
  size_t passed = body->placeholders.size();
  if (!fn.takesSpan && std::find(fn.arities.begin(), fn.arities.end(),
                                 passed) == fn.arities.end()) {
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
  std::vector<Var> arguments;
  for (const NodePtr &node : body->placeholders)
    arguments.emplace_back(node);

  std::vector<TracingFrame> &stack = tracingStack();
  body->depth = static_cast<int>(stack.size()) + 1;
  body->name = label;
  if (!stack.empty())
    info->enclosing = stack.back().body;
  stack.push_back({body.get(), {}});
  struct Pop {
    std::vector<TracingFrame> &stack;
    ~Pop() { stack.pop_back(); }
  } pop{stack};
  StepResult step = fn.call(arguments);
  randomCounters = stack.back().randomCounters;
  return step;
}

void ScanBuilder::checkOutputs(StepResult &step) {
  if (options.outputs_info.empty()) {
    info->outputTaps.assign(step.outputs.size(), {});
    recurrentStepTypes.assign(step.outputs.size(), {});
  } else if (step.outputs.size() != options.outputs_info.size()) {
    fail("fn returns " + std::to_string(step.outputs.size()) +
         " outputs, but outputs_info has " +
         std::to_string(options.outputs_info.size()) + " entries");
  }
  for (size_t i = 0; i < step.outputs.size(); ++i) {
    std::string what = "output #" + std::to_string(i);
    const NodePtr &node =
        nodeOf(step.outputs[i], (label + ": fn's " + what).c_str());
    if (info->outputTaps[i].empty()) {
      info->outputStepTypes.push_back(node->type);
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
    info->outputStepTypes.push_back(stepType);
  }
  if (step.until.valid()) {
    const NodePtr &until = step.until.node();
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
  for (const SharedVariable &counter : randomCounters) {
    bool updated = std::any_of(state.begin(), state.end(), [&](auto &s) {
      return s.node() == counter.node();
    });
    if (!updated) {
      state.push_back(counter);
      stateNext.push_back(counter.defaultUpdate());
    }
  }
  for (const SharedVariable &variable : state)
    statePlaceholders.push_back(placeholder(variable.type()));
  info->numShared = state.size();
}

void ScanBuilder::rejectStateReadByNestedScans(
    const std::vector<NodePtr> &roots) const {
  // The body's graph reads the state through placeholders, but the bodies of
  // scans nested in it keep their own graphs: one that reads a state
  // variable directly would see its value before this scan, not the current
  // one.
  std::set<const Node *> stateNodes;
  for (const SharedVariable &variable : state)
    stateNodes.insert(variable.node().get());
  walkGraph(roots, [&](const NodePtr &node) {
    if (node->kind != OpKind::Scan)
      return;
    std::vector<NodePtr> inner = node->scan->body->yields;
    inner.push_back(node->scan->body->until);
    walkGraph(inner, [&](const NodePtr &read) {
      if (stateNodes.count(read.get()))
        fail("a scan nested in fn reads the shared variable" +
             (read->name.empty() ? std::string() : " '" + read->name + "'") +
             ", which this scan updates at every step; pass it to the "
             "nested scan as a non-sequence");
    });
  });
}

void ScanBuilder::replaceCaptures(StepResult &step) {
  // Like Theano, uses of a non-sequence or of a state variable in fn's
  // graph read the body's argument, not the enclosing value.
  std::vector<std::pair<const Node *, NodePtr>> replacements;
  for (size_t i = 0; i < nonSequenceOperands.size(); ++i)
    replacements.emplace_back(nonSequenceOperands[i].get(),
                              nonSequencePlaceholders[i]);
  for (size_t i = 0; i < state.size(); ++i)
    replacements.emplace_back(state[i].node().get(), statePlaceholders[i]);
  std::vector<NodePtr> roots;
  for (const Var &output : step.outputs)
    roots.push_back(output.node());
  for (const Var &next : stateNext)
    roots.push_back(next.node());
  roots.push_back(step.until.node());
  rejectStateReadByNestedScans(roots);
  roots = replaceNodes(roots, replacements);
  body->yields.assign(roots.begin(), roots.end() - 1);
  body->until = roots.back();
}

void ScanBuilder::checkStrict(const StepResult &step) const {
  if (!options.strict)
    return;
  std::vector<NodePtr> roots = body->yields;
  roots.push_back(body->until);
  walkGraph(roots, [&](const NodePtr &node) {
    if (node->kind == OpKind::Shared)
      fail("strict is set, but fn uses the shared variable " +
           Var(node).describe() + ", which is not in non_sequences");
  });
}

ScanResult ScanBuilder::makeResults(const StepResult &step) {
  info->numNonSequences = nonSequenceOperands.size();
  info->goBackwards = options.go_backwards;
  info->truncateGradient = options.truncate_gradient;
  info->body = body;

  std::vector<NodePtr> operands = sequenceOperands;
  operands.insert(operands.end(), initialOperands.begin(),
                  initialOperands.end());
  operands.insert(operands.end(), nonSequenceOperands.begin(),
                  nonSequenceOperands.end());
  for (const SharedVariable &variable : state)
    operands.push_back(variable.node());
  if (stepsOperand)
    operands.push_back(stepsOperand);
  NodePtr scanNode = makeNode(OpKind::Scan, TensorType{}, operands);
  scanNode->name = options.name;
  scanNode->scan = info;

  ScanResult result;
  for (size_t i = 0; i < step.outputs.size(); ++i) {
    TensorType type = info->outputStepTypes[i];
    type.shape.insert(type.shape.begin(), kDynamic);
    NodePtr node = makeNode(OpKind::ScanResult, type, {scanNode});
    node->ints = {static_cast<int64_t>(i)};
    result.outputs.emplace_back(node);
  }
  for (size_t i = 0; i < state.size(); ++i) {
    NodePtr node = makeNode(OpKind::ScanResult, state[i].type(), {scanNode});
    node->ints = {static_cast<int64_t>(step.outputs.size() + i)};
    result.updates.set(state[i], Var(node));
  }
  // The counters of random draws advance with the loop; an enclosing scan
  // carries them in turn.
  std::vector<TracingFrame> &stack = tracingStack();
  for (SharedVariable &counter : randomCounters) {
    NodePtr finalValue = result.updates[counter].node();
    counter.storage()->advancingScan = finalValue->operands[0];
    counter.storage()->advancingResult = finalValue->ints[0];
    if (!stack.empty())
      stack.back().randomCounters.push_back(counter);
  }
  return result;
}

ScanResult ScanBuilder::build() {
  if (options.truncate_gradient == 0 || options.truncate_gradient < -1)
    fail("truncate_gradient must be -1 (none) or positive, got " +
         std::to_string(options.truncate_gradient));
  addSequences();
  addOutputs();
  addNonSequences();
  checkSteps();
  StepResult step = trace();
  checkOutputs(step);
  addState(step);
  replaceCaptures(step);
  checkStrict(step);
  return makeResults(step);
}

} // namespace

ScanResult detail::buildScan(const StepFunction &fn,
                             const ScanOptions &options) {
  return ScanBuilder(fn, options).build();
}
