//===- FrontendFuzzer.cpp - Fuzz the C++ frontend with decoded programs ---===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// libFuzzer harness of the C++ frontend. The input bytes are decoded into a
// small program: a few symbolic inputs with small argument arrays, a few
// elementwise, reduction, indexing and shape ops, and at most two scans
// whose sequences, taps, initial values, n_steps, go_backwards and step
// bodies all come from the bytes. The program is built, compiled with
// function() and called on its arrays.
//
// A scanjit::Error anywhere (a graph the frontend rejects, a failed call) is
// an expected outcome. Any other exception escapes and is reported as a
// crash, as are sanitizer reports and signals. Sizes stay small (dimensions
// up to 4, n_steps up to 8): the harness looks for wrong code paths, not for
// the allocation limits other tests cover.
//
//===----------------------------------------------------------------------===//

#include "scanjit/ScanJIT.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

using namespace scanjit;

namespace {

/// The most scans one program builds.
constexpr int kMaxScans = 2;

/// Turns the fuzzer's bytes into a frontend program (see the file comment).
/// Every choice reads the provider; once it is exhausted every choice is the
/// smallest one, so every input decodes to a finite program.
class ProgramDecoder {
public:
  explicit ProgramDecoder(FuzzedDataProvider &bytes) : bytes(bytes) {}

  /// Decodes, builds, compiles and calls one program.
  void run() {
    Graph graph;
    int numInputs = bytes.ConsumeIntegralInRange(1, 3);
    for (int i = 0; i < numInputs; ++i)
      addInput(graph, "in" + std::to_string(i));

    int numOps = bytes.ConsumeIntegralInRange(0, 10);
    for (int i = 0; i < numOps && bytes.remaining_bytes() > 0; ++i)
      values.push_back(decodeOp(values, /*inBody=*/false));

    int numOutputs = bytes.ConsumeIntegralInRange(1, 2);
    std::vector<Var> outputs;
    for (int i = 0; i < numOutputs; ++i)
      outputs.push_back(pickRecent(values));

    if (verbose())
      std::fprintf(stderr, "frontend fuzzer: module\n%s\n",
                   emitMLIR(inputs, outputs).c_str());
    Function compiled = function(inputs, outputs);
    (void)compiled(arguments);
    if (verbose())
      std::fprintf(stderr, "frontend fuzzer: ran\n");
  }

  /// SCANJIT_FUZZ_VERBOSE=1 prints each program's outcome (for reproducing
  /// and triaging an input: `scanjit-fuzz-frontend INPUT`).
  static bool verbose() {
    static const bool enabled = std::getenv("SCANJIT_FUZZ_VERBOSE") != nullptr;
    return enabled;
  }

private:
  /// One of `dtypes`, chosen by the bytes.
  DType pickDType() {
    static constexpr DType dtypes[] = {DType::F64, DType::F64, DType::F32,
                                       DType::I64, DType::I32, DType::Bool};
    return dtypes[bytes.ConsumeIntegralInRange<size_t>(0, 5)];
  }

  /// A symbolic input and its argument array (rank 0 to 2, dimensions 0 to
  /// 4, small element values).
  void addInput(const Graph &graph, std::string name) {
    DType dtype = pickDType();
    int64_t rank = bytes.ConsumeIntegralInRange<int64_t>(0, 2);
    Shape shape;
    for (int64_t d = 0; d < rank; ++d)
      shape.push_back(bytes.ConsumeIntegralInRange<int64_t>(0, 4));
    Array argument = Array::zeros(dtype, shape);
    for (int64_t i = 0, e = argument.size(); i < e; ++i) {
      int8_t raw = bytes.ConsumeIntegral<int8_t>();
      switch (dtype) {
      case DType::F64:
        argument.data<double>()[i] = raw / 4.0;
        break;
      case DType::F32:
        argument.data<float>()[i] = static_cast<float>(raw / 4.0);
        break;
      case DType::I64:
        argument.data<int64_t>()[i] = raw;
        break;
      case DType::I32:
        argument.data<int32_t>()[i] = raw;
        break;
      case DType::Bool:
        argument.data<bool>()[i] = raw & 1;
        break;
      }
    }
    Var input = graph.tensor(std::move(name), rank, dtype);
    inputs.push_back(input);
    values.push_back(input);
    arguments.push_back(std::move(argument));
  }

  /// A value of `pool`, most likely one of the last ones built.
  Var pickRecent(const std::vector<Var> &pool) {
    if (pool.empty())
      return Var();
    size_t back = bytes.ConsumeIntegralInRange<size_t>(0, pool.size() - 1);
    if (bytes.ConsumeBool())
      back = std::min<size_t>(back, 1);
    return pool[pool.size() - 1 - back];
  }

  /// A small constant for indices, axes and sizes.
  int64_t smallInt(int64_t lo, int64_t hi) {
    return bytes.ConsumeIntegralInRange<int64_t>(lo, hi);
  }

  /// An elementwise function of one operand.
  Var unary(const Var &x) {
    switch (bytes.ConsumeIntegralInRange(0, 11)) {
    case 0: return neg(x);
    case 1: return abs(x);
    case 2: return exp(x);
    case 3: return log(x);
    case 4: return tanh(x);
    case 5: return sigmoid(x);
    case 6: return sqrt(x);
    case 7: return sin(x);
    case 8: return sign(x);
    case 9: return logical_not(x);
    case 10: return x.astype(pickDType());
    default: return !x;
    }
  }

  /// An elementwise function of two operands (broadcasting).
  Var binary(const Var &a, const Var &b) {
    switch (bytes.ConsumeIntegralInRange(0, 14)) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b;
    case 3: return a / b;
    case 4: return a % b;
    case 5: return maximum(a, b);
    case 6: return minimum(a, b);
    case 7: return pow(a, b);
    case 8: return floor_divide(a, b);
    case 9: return a < b;
    case 10: return eq(a, b);
    case 11: return logical_and(a, b);
    case 12: return a & b;
    case 13: return a ^ b;
    default: return a + smallInt(-2, 2);
    }
  }

  /// A reduction over one axis or all of them.
  Var reduction(const Var &x) {
    Axes axes = bytes.ConsumeBool() ? Axes() : Axes(smallInt(-3, 2));
    bool keepdims = bytes.ConsumeBool();
    switch (bytes.ConsumeIntegralInRange(0, 4)) {
    case 0: return sum(x, axes, keepdims);
    case 1: return max(x, axes, keepdims);
    case 2: return min(x, axes, keepdims);
    case 3: return prod(x, axes, keepdims);
    default: return mean(x, axes, keepdims);
    }
  }

  /// An index or a slice bound: a constant, or a symbolic integer.
  SliceBound bound(const std::vector<Var> &pool) {
    switch (bytes.ConsumeIntegralInRange(0, 3)) {
    case 0: return none;
    case 1: return pickRecent(pool);
    default: return smallInt(-5, 5);
    }
  }

  /// Indexing, slicing and reshaping.
  Var indexing(const Var &x, const std::vector<Var> &pool) {
    switch (bytes.ConsumeIntegralInRange(0, 7)) {
    case 0: return x[smallInt(-4, 4)];
    case 1: return x[pickRecent(pool)];
    case 2: {
      int64_t step = smallInt(-2, 2);
      return x[slice(bound(pool), bound(pool), step == 0 ? 1 : step)];
    }
    case 3: return x(smallInt(-2, 2), slice(none, smallInt(-3, 3)));
    case 4: return x.T();
    case 5: return x.reshape(std::vector<int64_t>{-1});
    case 6: return x.reshape(std::vector<int64_t>{smallInt(1, 3), -1});
    default:
      return set_subtensor(x[smallInt(-2, 2)], pickRecent(pool));
    }
  }

  /// Ops that build new values from sizes or combine several values.
  Var structural(const Var &x, const Var &y) {
    switch (bytes.ConsumeIntegralInRange(0, 8)) {
    case 0: return dot(x, y);
    case 1: return concatenate({x, y}, smallInt(-1, 1));
    case 2: return stack({x, y}, smallInt(-1, 1));
    case 3: return clip(x, y, pickRecent(values));
    case 4: return where(x, y, pickRecent(values));
    case 5: return ones_like(x);
    case 6: return arange(smallInt(0, 5));
    case 7: return zeros({smallInt(0, 3), x.shape(0)});
    default: return constant(static_cast<double>(smallInt(-3, 3)), pickDType());
    }
  }

  /// One op on values of `pool`; a scan outside bodies while scans are left.
  Var decodeOp(const std::vector<Var> &pool, bool inBody) {
    switch (bytes.ConsumeIntegralInRange(0, 5)) {
    case 0: return unary(pickRecent(pool));
    case 1: return binary(pickRecent(pool), pickRecent(pool));
    case 2: return reduction(pickRecent(pool));
    case 3: return indexing(pickRecent(pool), pool);
    case 4: return structural(pickRecent(pool), pickRecent(pool));
    default:
      if (inBody || scansLeft == 0)
        return binary(pickRecent(pool), pickRecent(pool));
      --scansLeft;
      return decodeScan();
    }
  }

  /// Taps chosen by the bytes: `count` values in [lo, hi].
  std::vector<int64_t> decodeTaps(int64_t lo, int64_t hi) {
    std::vector<int64_t> taps;
    int count = bytes.ConsumeIntegralInRange(1, 2);
    for (int i = 0; i < count; ++i)
      taps.push_back(smallInt(lo, hi));
    return taps;
  }

  /// A scan over values built so far; returns one of its outputs, whole or
  /// at one step.
  Var decodeScan() {
    ScanOptions options;
    options.name = "fuzz";
    int numSequences = bytes.ConsumeIntegralInRange(0, 2);
    for (int i = 0; i < numSequences; ++i) {
      Var sequence = pickRecent(values);
      if (bytes.ConsumeBool())
        options.sequences.push_back(SequenceInfo(sequence));
      else
        options.sequences.push_back(taps(sequence, decodeTaps(-3, 3)));
    }
    int numOutputs = bytes.ConsumeIntegralInRange(0, 2);
    for (int i = 0; i < numOutputs; ++i) {
      switch (bytes.ConsumeIntegralInRange(0, 2)) {
      case 0:
        options.outputs_info.push_back(none);
        break;
      case 1:
        options.outputs_info.push_back(pickRecent(values));
        break;
      default:
        options.outputs_info.push_back(
            taps(pickRecent(values), decodeTaps(-3, -1)));
        break;
      }
    }
    if (bytes.ConsumeBool())
      options.non_sequences.push_back(pickRecent(values));
    switch (bytes.ConsumeIntegralInRange(0, 3)) {
    case 0: break;
    case 1: options.n_steps = NSteps(pickRecent(values)); break;
    default: options.n_steps = NSteps(smallInt(-1, 8)); break;
    }
    options.go_backwards = bytes.ConsumeBool();

    // The body: a few ops on its arguments; returns one value per output
    // (or one more or fewer), and maybe an `until` condition.
    int bodyOps = bytes.ConsumeIntegralInRange(0, 4);
    int returned = std::max(1, numOutputs) + bytes.ConsumeIntegralInRange(-1, 1) *
                                                 (bytes.ConsumeIntegralInRange(0, 7) == 0);
    bool until = bytes.ConsumeIntegralInRange(0, 3) == 0;
    ScanResult result = scan(
        [&](std::span<const Var> args) {
          std::vector<Var> locals(args.begin(), args.end());
          if (locals.empty())
            locals.push_back(constant(1.0));
          for (int i = 0; i < bodyOps; ++i)
            locals.push_back(decodeOp(locals, /*inBody=*/true));
          StepResult step;
          for (int i = 0; i < returned; ++i)
            step.outputs.push_back(pickRecent(locals));
          if (until)
            step.until = sum(pickRecent(locals)) > 0.0;
          return step;
        },
        options);
    if (result.outputs.empty())
      return pickRecent(values);
    Var output = result.outputs[bytes.ConsumeIntegralInRange<size_t>(
        0, result.outputs.size() - 1)];
    return bytes.ConsumeBool() ? output : output[-1];
  }

  FuzzedDataProvider &bytes;
  std::vector<Var> inputs;
  std::vector<Array> arguments;
  std::vector<Var> values;
  int scansLeft = kMaxScans;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzedDataProvider bytes(data, size);
  try {
    ProgramDecoder(bytes).run();
  } catch (const Error &error) {
    // A rejected graph or a failed call: expected.
    if (ProgramDecoder::verbose())
      std::fprintf(stderr, "frontend fuzzer: scanjit::Error: %s\n", error.what());
  }
  return 0;
}
