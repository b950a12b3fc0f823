//===- ScanOps.cpp - Operations of the scan dialect -----------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The builders, custom assembly format, verifier and interfaces of
// `scan.scan` and `scan.yield` (canonicalizations: ScanCanonicalization.cpp).
//
//===----------------------------------------------------------------------===//

#include "scanjit/Dialect/Scan/IR/ScanOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/DenseSet.h"

#include <algorithm>
#include <string>

using namespace mlir;
using namespace scanjit::scan;

RankedTensorType scanjit::scan::dropLeadingDim(RankedTensorType type) {
  assert(type.getRank() >= 1 && "a stacked tensor has a leading dimension");
  return RankedTensorType::get(type.getShape().drop_front(),
                               type.getElementType(), type.getEncoding());
}

/// The tensor type `type` if it is a ranked tensor of rank >= 1, else null.
static RankedTensorType getStackedType(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  return ranked && ranked.getRank() >= 1 ? ranked : RankedTensorType();
}

//===----------------------------------------------------------------------===//
// Accessors
//===----------------------------------------------------------------------===//

ArrayRef<int64_t> ScanOp::getSequenceTapsOf(unsigned i) {
  return cast<DenseI64ArrayAttr>(getSequenceTaps()[i]).asArrayRef();
}

ArrayRef<int64_t> ScanOp::getOutputTapsOf(unsigned i) {
  return cast<DenseI64ArrayAttr>(getOutputTaps()[i]).asArrayRef();
}

SequenceSpan SequenceSpan::of(ArrayRef<int64_t> taps) {
  assert(!taps.empty() && "a sequence has at least one tap");
  auto [minTap, maxTap] = std::minmax_element(taps.begin(), taps.end());
  return SequenceSpan{std::min<int64_t>(*minTap, 0),
                      std::max<int64_t>(*maxTap, 0)};
}

int64_t ScanOp::getOutputDepthOf(unsigned i) {
  ArrayRef<int64_t> taps = getOutputTapsOf(i);
  return taps.empty() ? 0 : -*llvm::min_element(taps);
}

Value ScanOp::getInitialValueOf(unsigned i) {
  if (!isRecurrent(i))
    return {};
  unsigned recurrentIndex = 0;
  for (unsigned j = 0; j < i; ++j)
    recurrentIndex += isRecurrent(j);
  return getInitialValues()[recurrentIndex];
}

RankedTensorType ScanOp::getOutputStepType(unsigned i) {
  return dropLeadingDim(cast<RankedTensorType>(getOutputs()[i].getType()));
}

RankedTensorType ScanOp::getSequenceStepType(unsigned i) {
  return dropLeadingDim(cast<RankedTensorType>(getSequences()[i].getType()));
}

YieldOp ScanOp::getYield() {
  return cast<YieldOp>(getBodyBlock()->getTerminator());
}

/// The position of the first block argument of sequence `seq`, or, for
/// `seq == getSequences().size()`, of the first output argument.
static unsigned getSequenceArgsStart(ScanOp op, unsigned seq) {
  unsigned start = 0;
  for (unsigned i = 0; i < seq; ++i)
    start += op.getSequenceTapsOf(i).size();
  return start;
}

/// The position of the first block argument of output `out`, or, for
/// `out == getOutputs().size()`, of the first non-sequence argument.
static unsigned getOutputArgsStart(ScanOp op, unsigned out) {
  unsigned start = getSequenceArgsStart(op, op.getSequences().size());
  for (unsigned i = 0; i < out; ++i)
    start += op.getOutputTapsOf(i).size();
  return start;
}

Block::BlockArgListType ScanOp::getSequenceArgs(unsigned i) {
  return getBodyBlock()->getArguments().slice(getSequenceArgsStart(*this, i),
                                              getSequenceTapsOf(i).size());
}

Block::BlockArgListType ScanOp::getOutputArgs(unsigned i) {
  return getBodyBlock()->getArguments().slice(getOutputArgsStart(*this, i),
                                              getOutputTapsOf(i).size());
}

Block::BlockArgListType ScanOp::getNonSequenceArgs() {
  return getBodyBlock()->getArguments().slice(
      getOutputArgsStart(*this, getOutputs().size()),
      getNonSequences().size());
}

Block::BlockArgListType ScanOp::getSharedArgs() {
  return getBodyBlock()->getArguments().slice(
      getOutputArgsStart(*this, getOutputs().size()) +
          getNonSequences().size(),
      getShared().size());
}

unsigned ScanOp::getExpectedNumBodyArguments() {
  return getOutputArgsStart(*this, getOutputs().size()) +
         getNonSequences().size() + getShared().size();
}

/// The types the body's entry block takes, in Theano's order. Requires the
/// sequence and output types to be stacked (rank >= 1).
static SmallVector<Type> getExpectedBodyArgumentTypes(ScanOp op) {
  SmallVector<Type> types;
  for (unsigned i = 0, e = op.getSequences().size(); i < e; ++i)
    types.append(op.getSequenceTapsOf(i).size(), op.getSequenceStepType(i));
  for (unsigned i = 0, e = op.getOutputs().size(); i < e; ++i)
    types.append(op.getOutputTapsOf(i).size(), op.getOutputStepType(i));
  llvm::append_range(types, op.getNonSequences().getTypes());
  llvm::append_range(types, op.getShared().getTypes());
  return types;
}

//===----------------------------------------------------------------------===//
// Builder
//===----------------------------------------------------------------------===//

void ScanOp::build(OpBuilder &builder, OperationState &state,
                   ArrayRef<SequenceSpec> sequences,
                   ArrayRef<OutputSpec> outputs, ValueRange nonSequences,
                   ValueRange shared, Value nSteps, bool goBackwards,
                   int64_t truncateGradient) {
  SmallVector<Value> sequenceValues, initialValues;
  SmallVector<Attribute> sequenceTaps, outputTaps;
  SmallVector<Type> outputTypes, blockArgTypes;
  SmallVector<int64_t> lastSteps;
  for (const SequenceSpec &seq : sequences) {
    sequenceValues.push_back(seq.value);
    sequenceTaps.push_back(builder.getDenseI64ArrayAttr(seq.taps));
    auto stacked = getStackedType(seq.value.getType());
    blockArgTypes.append(seq.taps.size(),
                         stacked ? Type(dropLeadingDim(stacked))
                                 : seq.value.getType());
  }
  for (const OutputSpec &out : outputs) {
    outputTypes.push_back(out.resultType);
    lastSteps.push_back(out.lastSteps);
    ArrayRef<int64_t> taps;
    if (out.initialValue) {
      initialValues.push_back(out.initialValue);
      taps = out.taps;
    }
    outputTaps.push_back(builder.getDenseI64ArrayAttr(taps));
    auto stacked = getStackedType(out.resultType);
    blockArgTypes.append(taps.size(), stacked ? Type(dropLeadingDim(stacked))
                                              : Type(out.resultType));
  }
  llvm::append_range(blockArgTypes, nonSequences.getTypes());
  llvm::append_range(blockArgTypes, shared.getTypes());

  state.addOperands(sequenceValues);
  state.addOperands(initialValues);
  state.addOperands(nonSequences);
  state.addOperands(shared);
  if (nSteps)
    state.addOperands(nSteps);
  Properties &props = state.getOrAddProperties<Properties>();
  props.operandSegmentSizes = {static_cast<int32_t>(sequenceValues.size()),
                               static_cast<int32_t>(initialValues.size()),
                               static_cast<int32_t>(nonSequences.size()),
                               static_cast<int32_t>(shared.size()),
                               nSteps ? 1 : 0};
  props.resultSegmentSizes = {static_cast<int32_t>(outputTypes.size()),
                              static_cast<int32_t>(shared.size())};
  props.sequence_taps = builder.getArrayAttr(sequenceTaps);
  props.output_taps = builder.getArrayAttr(outputTaps);
  if (goBackwards)
    props.go_backwards = builder.getUnitAttr();
  props.truncate_gradient = builder.getI64IntegerAttr(truncateGradient);
  if (llvm::any_of(lastSteps, [](int64_t k) { return k != 0; }))
    props.last_steps = builder.getDenseI64ArrayAttr(lastSteps);
  state.addTypes(outputTypes);
  state.addTypes(shared.getTypes());

  Region *body = state.addRegion();
  Block *entry = new Block();
  body->push_back(entry);
  entry->addArguments(blockArgTypes,
                      SmallVector<Location>(blockArgTypes.size(), state.location));
}

void ScanOp::build(
    OpBuilder &builder, OperationState &state, ArrayRef<SequenceSpec> sequences,
    ArrayRef<OutputSpec> outputs, ValueRange nonSequences, ValueRange shared,
    Value nSteps, bool goBackwards, int64_t truncateGradient,
    function_ref<void(OpBuilder &, Location, ValueRange)> bodyBuilder) {
  build(builder, state, sequences, outputs, nonSequences, shared, nSteps,
        goBackwards, truncateGradient);
  Block &entry = state.regions.front()->front();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(&entry);
  bodyBuilder(builder, state.location, entry.getArguments());
}

//===----------------------------------------------------------------------===//
// Assembly format: custom directives of the declarative format (ScanOps.td)
//===----------------------------------------------------------------------===//
//
//   scan-op ::= `scan.scan` (`n_steps` `(` ssa-use `:` type `)`)?
//               `go_backwards`? (`truncate_gradient` `(` integer `)`)?
//               (`sequences` `(` sequence (`,` sequence)* `)`)?
//               (`outputs` `(` output (`,` output)* `)`)?
//               (`non_sequences` `(` ssa-use `:` type (`,` ...)* `)`)?
//               (`shared` `(` ssa-use `:` type (`,` ...)* `)`)?
//               (`attributes` attr-dict)? region
//   sequence ::= ssa-use (`taps` taps)? `:` type          (default taps [0])
//   output   ::= ssa-use (`taps` taps)? `:` type `->` type (default taps [-1])
//                (`last` integer)?
//             |  `none` `->` type (`last` integer)?         (non-recurrent)
//   taps     ::= `[` integer (`,` integer)* `]`
//
// Each operand list starts on a new line, indented, when the op has one.

static constexpr int64_t kDefaultSequenceTap = 0;
static constexpr int64_t kDefaultOutputTap = -1;

static ParseResult parseTaps(OpAsmParser &parser,
                             SmallVectorImpl<int64_t> &taps) {
  return parser.parseCommaSeparatedList(
      OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
        int64_t tap;
        if (parser.parseInteger(tap))
          return failure();
        taps.push_back(tap);
        return success();
      });
}

/// Parses `(`taps` taps)?`, defaulting to `defaultTap`.
static ParseResult parseOptionalTaps(OpAsmParser &parser,
                                     SmallVectorImpl<int64_t> &taps,
                                     int64_t defaultTap) {
  if (failed(parser.parseOptionalKeyword("taps"))) {
    taps.push_back(defaultTap);
    return success();
  }
  SMLoc loc = parser.getCurrentLocation();
  if (parseTaps(parser, taps))
    return failure();
  if (taps.empty())
    return parser.emitError(loc, "expected at least one tap");
  return success();
}

static void printTaps(OpAsmPrinter &p, ArrayRef<int64_t> taps,
                      int64_t defaultTap) {
  if (taps.size() == 1 && taps.front() == defaultTap)
    return;
  p << " taps [";
  llvm::interleaveComma(taps, p);
  p << "]";
}

/// Starts an operand list: a new line, indented under the op.
static void printListStart(OpAsmPrinter &p, StringRef keyword) {
  p.increaseIndent();
  p.increaseIndent();
  p.printNewline();
  p << keyword << "(";
}

static void printListEnd(OpAsmPrinter &p) {
  p << ")";
  p.decreaseIndent();
  p.decreaseIndent();
}

/// `sequences(%u taps [-1, 0] : tensor<?xf64>, ...)`.
static ParseResult
parseSequences(OpAsmParser &parser,
               SmallVectorImpl<OpAsmParser::UnresolvedOperand> &sequences,
               SmallVectorImpl<Type> &types, ArrayAttr &taps) {
  SmallVector<Attribute> tapLists;
  if (succeeded(parser.parseOptionalKeyword("sequences")) &&
      parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
            SmallVector<int64_t> sequenceTaps;
            if (parser.parseOperand(sequences.emplace_back()) ||
                parseOptionalTaps(parser, sequenceTaps, kDefaultSequenceTap) ||
                parser.parseColonType(types.emplace_back()))
              return failure();
            tapLists.push_back(
                parser.getBuilder().getDenseI64ArrayAttr(sequenceTaps));
            return success();
          }))
    return failure();
  taps = parser.getBuilder().getArrayAttr(tapLists);
  return success();
}

static void printSequences(OpAsmPrinter &p, ScanOp op, OperandRange sequences,
                           TypeRange types, ArrayAttr taps) {
  if (sequences.empty())
    return;
  printListStart(p, "sequences");
  llvm::interleaveComma(
      llvm::seq<unsigned>(0, sequences.size()), p, [&](unsigned i) {
        p << sequences[i];
        printTaps(p, op.getSequenceTapsOf(i), kDefaultSequenceTap);
        p << " : " << types[i];
      });
  printListEnd(p);
}

/// `outputs(%h0 taps [-3, -1] : tensor<3x2xf64> -> tensor<?x2xf64> last 1,
/// none -> tensor<?xf64>, ...)`.
static ParseResult
parseOutputs(OpAsmParser &parser,
             SmallVectorImpl<OpAsmParser::UnresolvedOperand> &initialValues,
             SmallVectorImpl<Type> &initialTypes,
             SmallVectorImpl<Type> &outputTypes, ArrayAttr &taps,
             DenseI64ArrayAttr &lastSteps) {
  Builder &builder = parser.getBuilder();
  SmallVector<Attribute> tapLists;
  SmallVector<int64_t> lasts;
  if (succeeded(parser.parseOptionalKeyword("outputs")) &&
      parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
            SmallVector<int64_t> outputTaps;
            if (failed(parser.parseOptionalKeyword("none"))) {
              if (parser.parseOperand(initialValues.emplace_back()) ||
                  parseOptionalTaps(parser, outputTaps, kDefaultOutputTap) ||
                  parser.parseColonType(initialTypes.emplace_back()))
                return failure();
            }
            tapLists.push_back(builder.getDenseI64ArrayAttr(outputTaps));
            if (parser.parseArrow() ||
                parser.parseType(outputTypes.emplace_back()))
              return failure();
            int64_t last = 0;
            if (succeeded(parser.parseOptionalKeyword("last")) &&
                parser.parseInteger(last))
              return failure();
            lasts.push_back(last);
            return success();
          }))
    return failure();
  taps = builder.getArrayAttr(tapLists);
  if (llvm::any_of(lasts, [](int64_t k) { return k != 0; }))
    lastSteps = builder.getDenseI64ArrayAttr(lasts);
  return success();
}

static void printOutputs(OpAsmPrinter &p, ScanOp op, OperandRange, TypeRange,
                         TypeRange outputTypes, ArrayAttr, DenseI64ArrayAttr) {
  if (outputTypes.empty())
    return;
  printListStart(p, "outputs");
  llvm::interleaveComma(
      llvm::seq<unsigned>(0, outputTypes.size()), p, [&](unsigned i) {
        if (Value init = op.getInitialValueOf(i)) {
          p << init;
          printTaps(p, op.getOutputTapsOf(i), kDefaultOutputTap);
          p << " : " << init.getType();
        } else {
          p << "none";
        }
        p << " -> " << outputTypes[i];
        if (op.getLastStepsOf(i) != 0)
          p << " last " << op.getLastStepsOf(i);
      });
  printListEnd(p);
}

/// `keyword(%a : type, ...)` if `keyword` is present; the types also give
/// `resultTypes` where the list has results of the same types (shared).
static ParseResult
parseOperandList(OpAsmParser &parser,
                 SmallVectorImpl<OpAsmParser::UnresolvedOperand> &operands,
                 SmallVectorImpl<Type> &types, StringRef keyword) {
  if (failed(parser.parseOptionalKeyword(keyword)))
    return success();
  return parser.parseCommaSeparatedList(
      OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
        return failure(parser.parseOperand(operands.emplace_back()) ||
                       parser.parseColonType(types.emplace_back()));
      });
}

static void printOperandList(OpAsmPrinter &p, ScanOp, OperandRange operands,
                             TypeRange, StringRef keyword) {
  if (operands.empty())
    return;
  printListStart(p, keyword);
  llvm::interleaveComma(operands, p, [&](Value value) {
    p << value << " : " << value.getType();
  });
  printListEnd(p);
}

/// `shared(%s : type, ...)`: the final values have the shared values' types.
static ParseResult
parseSharedList(OpAsmParser &parser,
                SmallVectorImpl<OpAsmParser::UnresolvedOperand> &shared,
                SmallVectorImpl<Type> &types,
                SmallVectorImpl<Type> &finalTypes) {
  if (parseOperandList(parser, shared, types, "shared"))
    return failure();
  finalTypes.assign(types.begin(), types.end());
  return success();
}

static void printSharedList(OpAsmPrinter &p, ScanOp op, OperandRange shared,
                            TypeRange types, TypeRange) {
  printOperandList(p, op, shared, types, "shared");
}

//===----------------------------------------------------------------------===//
// Verifier
//===----------------------------------------------------------------------===//

/// The number of steps sequence `i` provides, if its length is static.
static std::optional<int64_t> getStaticSequenceSteps(ScanOp op, unsigned i) {
  auto type = cast<RankedTensorType>(op.getSequences()[i].getType());
  if (type.isDynamicDim(0))
    return std::nullopt;
  return type.getDimSize(0) - op.getSequenceSpanOf(i).extent();
}

/// The value of `n_steps` if it is a constant.
static std::optional<int64_t> getConstantNSteps(ScanOp op) {
  APInt value;
  if (op.getNSteps() && matchPattern(op.getNSteps(), m_ConstantInt(&value)))
    return value.getSExtValue();
  return std::nullopt;
}

static std::string defaultOperandName(ScanOperandKind kind, unsigned index) {
  switch (kind) {
  case ScanOperandKind::Sequence:
    return "sequence #" + std::to_string(index);
  case ScanOperandKind::Output:
    return "output #" + std::to_string(index);
  case ScanOperandKind::InitialValue:
    return "initial value of output #" + std::to_string(index);
  }
  llvm_unreachable("unknown operand kind");
}

/// Checks that `taps` holds no value twice and that each lies within
/// +-kMaxTapMagnitude; names their owner, `owner`, in the error.
static LogicalResult
verifyDistinctTaps(ArrayRef<int64_t> taps, const std::string &owner,
                   function_ref<InFlightDiagnostic()> emitError) {
  for (int64_t tap : taps)
    if (tap < -kMaxTapMagnitude || tap > kMaxTapMagnitude)
      return emitError() << owner << " has tap " << tap
                         << "; taps must lie within -2^48 and 2^48";
  llvm::SmallDenseSet<int64_t> seen;
  for (int64_t tap : taps)
    if (!seen.insert(tap).second)
      return emitError() << owner << " repeats tap " << tap
                         << "; taps must be distinct";
  return success();
}

LogicalResult
scanjit::scan::verifyScanSignature(const ScanSignature &signature,
                                   function_ref<InFlightDiagnostic()> emitError,
                                   ScanOperandNamer name) {
  auto nameOf = [&](ScanOperandKind kind, unsigned index) {
    return name ? name(kind, index) : defaultOperandName(kind, index);
  };

  // Sequences: iterable, tapped, long enough for their taps.
  SmallVector<std::optional<int64_t>> provided;
  for (auto [i, sequence] : llvm::enumerate(signature.sequences)) {
    std::string what = nameOf(ScanOperandKind::Sequence, i);
    RankedTensorType type = getStackedType(sequence.type);
    if (!type)
      return emitError() << what
                         << " must have rank >= 1 to be iterated over its "
                            "leading dimension, got "
                         << sequence.type;
    if (sequence.taps.empty())
      return emitError() << what << " has no taps";
    if (failed(verifyDistinctTaps(sequence.taps, what, emitError)))
      return failure();
    provided.push_back(std::nullopt);
    if (type.isDynamicDim(0))
      continue;
    int64_t extent = SequenceSpan::of(sequence.taps).extent();
    provided.back() = type.getDimSize(0) - extent;
    if (*provided.back() < 0)
      return emitError() << what << " has length " << type.getDimSize(0)
                         << " but its taps (with tap 0) span " << extent + 1
                         << " steps; it cannot provide a single step";
  }

  // Recurrent outputs: past taps, an initial value that holds them.
  for (auto [k, initial] : llvm::enumerate(signature.initialValues)) {
    unsigned i = signature.recurrentOutputs[k];
    std::string what = nameOf(ScanOperandKind::Output, i);
    if (initial.taps.empty())
      return emitError() << what << " has an initial value but no taps";
    for (int64_t tap : initial.taps)
      if (tap >= 0)
        return emitError()
               << what << " has tap " << tap
               << "; output taps must be negative (they read past steps)";
    if (failed(verifyDistinctTaps(initial.taps, what, emitError)))
      return failure();
    RankedTensorType type = getStackedType(initial.type);
    if (!type)
      return emitError() << nameOf(ScanOperandKind::InitialValue, i)
                         << " must have rank >= 1 (a history dimension and "
                            "the step shape), got "
                         << initial.type;
    int64_t depth = -*llvm::min_element(initial.taps);
    if (!type.isDynamicDim(0) && type.getDimSize(0) < depth)
      return emitError() << nameOf(ScanOperandKind::InitialValue, i)
                         << " holds " << type.getDimSize(0)
                         << " past steps but tap " << -depth
                         << " needs at least " << depth;
  }

  // The step count and the gradient truncation.
  if (signature.sequences.empty() && !signature.hasNSteps)
    return emitError() << "needs n_steps when there are no sequences";
  if (signature.truncateGradient != -1 && signature.truncateGradient <= 0)
    return emitError() << "truncate_gradient must be -1 (no truncation) or "
                          "a positive number of steps, got "
                       << signature.truncateGradient;
  if (std::optional<int64_t> nSteps = signature.constantNSteps) {
    if (*nSteps < 0)
      return emitError() << "n_steps is negative (" << *nSteps << ")";
    for (auto [i, steps] : llvm::enumerate(provided))
      if (steps && *nSteps > *steps)
        return emitError() << "n_steps (" << *nSteps << ") exceeds the "
                           << *steps << " steps that "
                           << nameOf(ScanOperandKind::Sequence, i)
                           << " provides";
  }
  return success();
}

static LogicalResult verifyTapLists(ScanOp op) {
  if (op.getSequenceTaps().size() != op.getSequences().size())
    return op.emitOpError() << "has " << op.getSequences().size()
                            << " sequences but " << op.getSequenceTaps().size()
                            << " tap lists; expected one tap list per sequence";
  if (op.getOutputTaps().size() != op.getOutputs().size())
    return op.emitOpError() << "has " << op.getOutputs().size()
                            << " outputs but " << op.getOutputTaps().size()
                            << " tap lists; expected one tap list per output "
                               "(empty for a non-recurrent output)";
  unsigned numRecurrent = 0;
  for (unsigned i = 0, e = op.getOutputs().size(); i < e; ++i)
    numRecurrent += op.isRecurrent(i);
  if (numRecurrent != op.getInitialValues().size())
    return op.emitOpError()
           << "has " << numRecurrent << " recurrent outputs but "
           << op.getInitialValues().size()
           << " initial values; expected one initial value per recurrent "
              "output";
  return success();
}

/// The rules verifyScanSignature states, on the op.
static LogicalResult verifySignature(ScanOp op) {
  SmallVector<TappedOperand> sequences, initialValues;
  SmallVector<unsigned> recurrentOutputs;
  for (auto [i, sequence] : llvm::enumerate(op.getSequences()))
    sequences.push_back({sequence.getType(), op.getSequenceTapsOf(i)});
  for (unsigned i = 0, e = op.getOutputs().size(); i < e; ++i) {
    if (!op.isRecurrent(i))
      continue;
    initialValues.push_back(
        {op.getInitialValueOf(i).getType(), op.getOutputTapsOf(i)});
    recurrentOutputs.push_back(i);
  }
  ScanSignature signature{sequences,
                          initialValues,
                          recurrentOutputs,
                          /*hasNSteps=*/static_cast<bool>(op.getNSteps()),
                          getConstantNSteps(op),
                          op.getTruncateGradientSteps()};
  return verifyScanSignature(signature, [&] { return op.emitOpError(); });
}

/// The rules on the outputs' result types and their initial values.
static LogicalResult verifyOutputs(ScanOp op) {
  if (std::optional<ArrayRef<int64_t>> lastSteps = op.getLastSteps()) {
    if (lastSteps->size() != op.getOutputs().size())
      return op.emitOpError() << "has " << op.getOutputs().size()
                              << " outputs but " << lastSteps->size()
                              << " 'last' step counts";
    for (auto [i, k] : llvm::enumerate(*lastSteps)) {
      if (k < 0)
        return op.emitOpError() << "output #" << i << " keeps its last " << k
                                << " steps; expected a positive count (or 0 "
                                   "for all)";
      auto type = cast<RankedTensorType>(op.getOutputs()[i].getType());
      if (k > 0 && type.getRank() >= 1 && !type.isDynamicDim(0) &&
          type.getDimSize(0) > k)
        return op.emitOpError()
               << "output #" << i << " keeps its last " << k
               << " steps but its type holds " << type.getDimSize(0);
    }
  }

  for (auto [i, result] : llvm::enumerate(op.getOutputs())) {
    auto resultType = getStackedType(result.getType());
    if (!resultType)
      return op.emitOpError()
             << "output #" << i
             << " must have rank >= 1 (a leading step dimension), got "
             << result.getType();
    if (!op.isRecurrent(i))
      continue;
    Value init = op.getInitialValueOf(i);
    auto initType = cast<RankedTensorType>(init.getType());
    if (initType.getRank() != resultType.getRank())
      return op.emitOpError()
             << "initial value of output #" << i << " must have rank "
             << resultType.getRank()
             << " (a history dimension and the step shape), got "
             << init.getType();
    if (initType.getElementType() != resultType.getElementType())
      return op.emitOpError()
             << "initial value of output #" << i << " has element type "
             << initType.getElementType() << " but the output has "
             << resultType.getElementType() << " (no implicit conversion)";
    if (dropLeadingDim(initType) != op.getOutputStepType(i))
      return op.emitOpError()
             << "initial value of output #" << i << " has step type "
             << dropLeadingDim(initType) << " but the output's step type is "
             << op.getOutputStepType(i);
  }
  return success();
}

LogicalResult ScanOp::verify() {
  if (failed(verifyTapLists(*this)) || failed(verifySignature(*this)) ||
      failed(verifyOutputs(*this)))
    return failure();

  if (getFinalShared().size() != getShared().size())
    return emitOpError() << "has " << getShared().size()
                         << " shared values but " << getFinalShared().size()
                         << " shared results";
  for (auto [i, value, final] :
       llvm::enumerate(getShared(), getFinalShared()))
    if (value.getType() != final.getType())
      return emitOpError() << "shared result #" << i << " has type "
                           << final.getType() << " but shared value #" << i
                           << " has type " << value.getType();

  // The most steps the scan runs, where it is known statically: no output
  // type may hold more.
  std::optional<int64_t> steps = getConstantNSteps(*this);
  if (!steps) {
    for (unsigned i = 0, e = getSequences().size(); i < e; ++i) {
      std::optional<int64_t> seqSteps = getStaticSequenceSteps(*this, i);
      if (!seqSteps) {
        steps = std::nullopt;
        break;
      }
      if (!steps || *seqSteps < *steps)
        steps = seqSteps;
    }
  }
  if (steps) {
    for (auto [i, result] : llvm::enumerate(getOutputs())) {
      auto type = cast<RankedTensorType>(result.getType());
      if (!type.isDynamicDim(0) && type.getDimSize(0) > *steps)
        return emitOpError() << "output #" << i << " has " << type.getDimSize(0)
                             << " steps in its type but the scan runs at "
                                "most "
                             << *steps << " steps";
    }
  }
  return success();
}

LogicalResult ScanOp::verifyRegions() {
  Block *body = getBodyBlock();
  SmallVector<Type> expected = getExpectedBodyArgumentTypes(*this);
  if (body->getNumArguments() != expected.size())
    return emitOpError() << "body must take " << expected.size()
                         << " arguments (sequence taps, output taps, "
                            "non-sequences, shared values), got "
                         << body->getNumArguments();
  for (auto [i, arg, type] :
       llvm::enumerate(body->getArguments(), expected))
    if (arg.getType() != type)
      return emitOpError() << "body argument #" << i << " must have type "
                           << type << ", got " << arg.getType();

  auto yield = dyn_cast<YieldOp>(body->getTerminator());
  if (!yield)
    return emitOpError("body must end with scan.yield");
  unsigned numOutputs = getOutputs().size();
  unsigned numExpected = numOutputs + getShared().size();
  if (yield.getValues().size() != numExpected)
    return yield.emitOpError()
           << "yields " << yield.getValues().size() << " values but the scan "
           << "expects " << numExpected << " (" << numOutputs
           << " outputs, then " << getShared().size() << " shared updates)";
  for (auto [i, value] : llvm::enumerate(yield.getValues())) {
    Type type = i < numOutputs ? Type(getOutputStepType(i))
                               : getShared()[i - numOutputs].getType();
    if (value.getType() == type)
      continue;
    if (i < numOutputs)
      return yield.emitOpError()
             << "yields " << value.getType() << " for output #" << i
             << " whose step type is " << type << " (no implicit conversion)";
    return yield.emitOpError()
           << "yields " << value.getType() << " as the update of shared value #"
           << (i - numOutputs) << " of type " << type;
  }
  if (Value until = yield.getUntil()) {
    if (!until.getType().isInteger(1))
      return yield.emitOpError() << "'until' condition must be an i1, got "
                                 << until.getType();
    for (auto [i, result] : llvm::enumerate(getOutputs()))
      if (!cast<RankedTensorType>(result.getType()).isDynamicDim(0))
        return emitOpError() << "output #" << i
                             << " must have a dynamic leading dimension: "
                                "with 'until' the number of steps is known "
                                "only at run time";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// OpAsmOpInterface
//===----------------------------------------------------------------------===//

/// Theano's naming convention for a tap: `t`, `tm3` (t - 3), `tp2` (t + 2).
static std::string getTapSuffix(int64_t tap) {
  if (tap == 0)
    return "t";
  // The magnitude as unsigned: -tap overflows for the most negative int64.
  uint64_t magnitude = tap < 0 ? 0 - static_cast<uint64_t>(tap)
                               : static_cast<uint64_t>(tap);
  return (tap < 0 ? "tm" : "tp") + std::to_string(magnitude);
}

/// Names the body's arguments after what they receive: `%seq0_tm4`,
/// `%out1_tm1`, `%nonseq0`, `%shared0`.
void ScanOp::getAsmBlockArgumentNames(Region &region,
                                      OpAsmSetValueNameFn setNameFn) {
  Block *body = &region.front();
  // The printer also runs on ops that fail to verify: name nothing then.
  if (getSequenceTaps().size() != getSequences().size() ||
      getOutputTaps().size() != getOutputs().size() ||
      body->getNumArguments() != getExpectedNumBodyArguments())
    return;
  for (unsigned i = 0, e = getSequences().size(); i < e; ++i)
    for (auto [arg, tap] : llvm::zip(getSequenceArgs(i), getSequenceTapsOf(i)))
      setNameFn(arg, "seq" + std::to_string(i) + "_" + getTapSuffix(tap));
  for (unsigned i = 0, e = getOutputs().size(); i < e; ++i)
    for (auto [arg, tap] : llvm::zip(getOutputArgs(i), getOutputTapsOf(i)))
      setNameFn(arg, "out" + std::to_string(i) + "_" + getTapSuffix(tap));
  for (auto [i, arg] : llvm::enumerate(getNonSequenceArgs()))
    setNameFn(arg, "nonseq" + std::to_string(i));
  for (auto [i, arg] : llvm::enumerate(getSharedArgs()))
    setNameFn(arg, "shared" + std::to_string(i));
}

//===----------------------------------------------------------------------===//
// LoopLikeOpInterface and RegionBranchOpInterface
//===----------------------------------------------------------------------===//

SmallVector<Region *> ScanOp::getLoopRegions() { return {&getBody()}; }

void ScanOp::getSuccessorRegions(RegionBranchPoint point,
                                 SmallVectorImpl<RegionSuccessor> &regions) {
  // From the op or from the end of a step: another step, or out (zero steps,
  // the last step, `until`). Nothing is forwarded: the body's arguments are
  // slices of the operands and rows of ring buffers, and the results stack
  // what the steps yield.
  (void)point;
  regions.push_back(RegionSuccessor(&getBody(), Block::BlockArgListType()));
  regions.push_back(
      RegionSuccessor(getOperation(), getOperation()->getResults().take_front(0)));
}

OperandRange ScanOp::getEntrySuccessorOperands(RegionSuccessor successor) {
  (void)successor;
  return getOperation()->getOperands().take_front(0);
}

MutableOperandRange
YieldOp::getMutableSuccessorOperands(RegionSuccessor successor) {
  (void)successor;
  return MutableOperandRange(getOperation(), 0, 0);
}

//===----------------------------------------------------------------------===//
// CheckOp
//===----------------------------------------------------------------------===//

LogicalResult CheckOp::verify() {
  if (getArgs().size() > 3)
    return emitOpError() << "takes at most 3 arguments (the runtime's error "
                            "function carries three), got "
                         << getArgs().size();
  if (getMessage() && !getArgs().empty())
    return emitOpError() << "takes a message or arguments, not both";
  if (getCode() <= 0)
    return emitOpError() << "has error code " << getCode()
                         << "; codes are positive";
  return success();
}

//===----------------------------------------------------------------------===//
// GradOp
//===----------------------------------------------------------------------===//

/// Whether `type` is a floating-point scalar or a rank-0 tensor of one.
static bool isFloatScalarLike(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor.getRank() == 0 && isa<FloatType>(tensor.getElementType());
  return isa<FloatType>(type);
}

LogicalResult GradOp::verify() {
  if (!isFloatScalarLike(getCost().getType()))
    return emitOpError() << "needs a floating-point scalar cost (f32, f64 or "
                            "a rank-0 tensor of one), got "
                         << getCost().getType();
  if (getGradients().size() != getWrt().size())
    return emitOpError() << "has " << getGradients().size()
                         << " results for " << getWrt().size()
                         << " values to differentiate with respect to";
  for (auto [index, wrt, gradient] :
       llvm::enumerate(getWrt().getTypes(), getGradients().getTypes()))
    if (wrt != gradient)
      return emitOpError() << "result #" << index << " has type " << gradient
                           << ", but the value it differentiates with respect "
                              "to has type "
                           << wrt;
  return success();
}

//===----------------------------------------------------------------------===//
// StopGradientOp
//===----------------------------------------------------------------------===//

LogicalResult StopGradientOp::buildAdjoint(OpBuilder &builder,
                                           AdjointState &state) {
  // Gradients stop here: the operand gets no adjoint.
  (void)builder;
  (void)state;
  return success();
}

#define GET_OP_CLASSES
#include "scanjit/Dialect/Scan/IR/ScanOps.cpp.inc"
