//===- Module.cpp - The Python module scanjit._scanjit --------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Binds the C++ frontend: Var with NumPy's operators and indexing, the ops,
// scan (tracing a Python function into the same scan.scan the C++ frontend
// builds), grad, shared variables, random streams and compiled functions.
// The package's Python code (scanjit/__init__.py) gives these PyTensor's
// spelling. Every bound call runs in a PythonCallScope, so the ops it traces
// and its errors name the user's Python line. scanjit::Error becomes
// scanjit.Error.
//
//===----------------------------------------------------------------------===//

#include "CallerLocation.h"
#include "Conversions.h"

#include <pybind11/stl.h>

#include <functional>

namespace py = pybind11;
using namespace scanjit;
using namespace scanjit::python;

namespace {

using Located = py::call_guard<PythonCallScope>;

//===----------------------------------------------------------------------===//
// Arguments
//===----------------------------------------------------------------------===//

/// The two operands of a binary op: a Python number takes the other
/// operand's kind.
std::pair<Var, Var> operands(py::handle a, py::handle b) {
  if (py::isinstance<Var>(a)) {
    Var left = a.cast<Var>();
    return {left, toVar(b, &left)};
  }
  Var right = toVar(b);
  return {toVar(a, &right), right};
}

/// Reduction axes: None (all), an int or a sequence of ints.
Axes toAxes(py::handle axis) {
  if (axis.is_none())
    return Axes();
  if (py::isinstance<py::sequence>(axis))
    return Axes(axis.cast<std::vector<int64_t>>());
  return Axes(axis.cast<int64_t>());
}

/// A shape: a Var (a vector of sizes), an int or a sequence of ints and Vars.
std::vector<Dim> toDims(py::handle shape) {
  std::vector<Dim> dims;
  auto add = [&](py::handle size) {
    if (py::isinstance<Var>(size))
      dims.push_back(size.cast<Var>());
    else
      dims.push_back(size.cast<int64_t>());
  };
  if (py::isinstance<py::sequence>(shape))
    for (py::handle size : shape)
      add(size);
  else
    add(shape);
  return dims;
}

/// A slice bound: None, an int or a Var.
SliceBound toSliceBound(py::handle bound) {
  if (bound.is_none())
    return none;
  if (py::isinstance<Var>(bound))
    return bound.cast<Var>();
  return static_cast<int64_t>(
      py::int_(py::reinterpret_borrow<py::object>(bound)));
}

/// One index of `x[...]`: an int, a Var or a slice.
Index toIndex(py::handle key) {
  if (py::isinstance<Var>(key))
    return key.cast<Var>();
  if (py::isinstance<py::slice>(key)) {
    py::object step = key.attr("step");
    int64_t stepValue = 1;
    if (!step.is_none()) {
      if (py::isinstance<Var>(step))
        throw Error("a slice step must be a Python int, not a symbolic Var");
      stepValue = static_cast<int64_t>(py::int_(step));
    }
    return slice(toSliceBound(key.attr("start")),
                 toSliceBound(key.attr("stop")), stepValue);
  }
  if (PyIndex_Check(key.ptr()))
    return static_cast<int64_t>(
        py::int_(py::reinterpret_borrow<py::object>(key)));
  throw Error("cannot index with " + py::repr(key).cast<std::string>() +
              " (ints, slices and integer Vars)");
}

/// `updates` given as a sequence of (shared variable, new value) pairs.
Updates toUpdates(py::handle pairs) {
  Updates updates;
  for (py::handle pair : pairs) {
    auto entry = pair.cast<py::sequence>();
    if (entry.size() != 2)
      throw Error("an update is a (shared variable, new value) pair");
    Var key = toVar(entry[0]);
    std::optional<SharedVariable> variable = SharedVariable::fromVar(key);
    if (!variable)
      throw Error("updates: " + key.describe() + " is not a shared variable");
    updates.set(*variable, toVar(entry[1], &key));
  }
  return updates;
}

/// `updates` as a list of (shared variable, new value) pairs.
py::list fromUpdates(const Updates &updates) {
  py::list pairs;
  for (const auto &[variable, value] : updates)
    pairs.append(py::make_tuple(variable, value));
  return pairs;
}

/// The Graph that makes inputs and constants, with the configured floatX.
Graph graph() { return Graph(GraphOptions{.floatX = floatX()}); }

//===----------------------------------------------------------------------===//
// Var
//===----------------------------------------------------------------------===//

void bindVar(py::module_ &m) {
  py::class_<Var> var(m, "Var",
                      "A symbolic tensor (PyTensor's TensorVariable).");
  var.def_property_readonly("dtype",
                            [](const Var &x) { return numpyName(x.dtype()); })
      .def_property_readonly("ndim", &Var::ndim)
      .def_property_readonly("name", [](const Var &x) { return x.name(); })
      .def_property_readonly("type",
                             [](const Var &x) { return x.type().str(); })
      .def_property_readonly("shape",
                             [](const Var &x) {
                               PythonCallScope here;
                               return x.shape();
                             })
      .def_property_readonly("size",
                             [](const Var &x) {
                               PythonCallScope here;
                               return x.size();
                             })
      .def_property_readonly("T",
                             [](const Var &x) {
                               PythonCallScope here;
                               return x.T();
                             })
      .def(
          "transpose",
          [](const Var &x, py::args axes) {
            if (axes.empty())
              return x.T();
            if (axes.size() == 1 && py::isinstance<py::sequence>(axes[0]))
              return x.transpose(axes[0].cast<std::vector<int64_t>>());
            return x.transpose(axes.cast<std::vector<int64_t>>());
          },
          Located())
      .def(
          "reshape",
          [](const Var &x, py::args shape) {
            py::handle sizes = shape.size() == 1 ? shape[0] : shape;
            if (py::isinstance<Var>(sizes))
              return x.reshape(std::vector<Var>{sizes.cast<Var>()});
            std::vector<Var> dims;
            bool symbolic = false;
            for (py::handle size : sizes.cast<py::sequence>())
              symbolic = symbolic || py::isinstance<Var>(size);
            if (!symbolic)
              return x.reshape(sizes.cast<std::vector<int64_t>>());
            for (py::handle size : sizes.cast<py::sequence>())
              dims.push_back(toVar(size));
            return x.reshape(dims);
          },
          Located())
      .def(
          "astype",
          [](const Var &x, py::handle dtype) {
            return x.astype(toDType(dtype));
          },
          Located())
      .def(
          "dot",
          [](const Var &x, py::handle y) { return dot(x, toVar(y, &x)); },
          Located())
      .def(
          "__getitem__",
          [](const Var &x, py::handle key) {
            std::vector<Index> indices;
            if (py::isinstance<py::tuple>(key))
              for (py::handle part : key)
                indices.push_back(toIndex(part));
            else
              indices.push_back(toIndex(key));
            return x.at(std::move(indices));
          },
          Located())
      .def("__repr__",
           [](const Var &x) {
             return "<scanjit.Var " + x.describe() + ": " + x.type().str() +
                    ">";
           })
      .def("__hash__",
           [](const Var &x) {
             return std::hash<const void *>()(x.node().get());
           })
      .def("__eq__",
           [](const Var &x, py::handle y) {
             return py::isinstance<Var>(y) && y.cast<Var>().node() == x.node();
           })
      .def("__ne__",
           [](const Var &x, py::handle y) {
             return !py::isinstance<Var>(y) || y.cast<Var>().node() != x.node();
           })
      .def("__bool__",
           [](const Var &x) -> bool {
             throw Error(x.describe() +
                         " is symbolic and has no truth value (use "
                         "scanjit.tensor.switch, or scanjit.until in a scan)");
           })
      .def("__iter__", [](const Var &x) -> py::object {
        throw py::type_error("a symbolic Var cannot be iterated over; index "
                             "it, or scan over it");
      });

  // Reductions, as methods and functions.
  using Reduction = Var (*)(const Var &, Axes, bool, std::source_location);
  const std::pair<const char *, Reduction> reductions[] = {
      {"sum", &scanjit::sum},
      {"mean", &scanjit::mean},
      {"max", &scanjit::max},
      {"min", &scanjit::min},
      {"prod", &scanjit::prod}};
  for (const auto &[name, reduce] : reductions) {
    auto bound = [reduce](py::handle x, py::handle axis, bool keepdims) {
      return reduce(toVar(x), toAxes(axis), keepdims,
                    std::source_location::current());
    };
    var.def(name, bound, py::arg("axis") = py::none(),
            py::arg("keepdims") = false, Located());
    m.def(name, bound, py::arg("x"), py::arg("axis") = py::none(),
          py::arg("keepdims") = false, Located());
  }

  // NumPy's operators; a Python number takes the Var's kind.
  using Binary = std::function<Var(const Var &, const Var &)>;
  const std::pair<const char *, Binary> binaries[] = {
      {"add", [](const Var &a, const Var &b) { return a + b; }},
      {"sub", [](const Var &a, const Var &b) { return a - b; }},
      {"mul", [](const Var &a, const Var &b) { return a * b; }},
      {"truediv", [](const Var &a, const Var &b) { return a / b; }},
      {"floordiv",
       [](const Var &a, const Var &b) { return floor_divide(a, b); }},
      {"mod", [](const Var &a, const Var &b) { return a % b; }},
      {"pow", [](const Var &a, const Var &b) { return pow(a, b); }},
      {"matmul", [](const Var &a, const Var &b) { return dot(a, b); }},
      {"and", [](const Var &a, const Var &b) { return a & b; }},
      {"or", [](const Var &a, const Var &b) { return a | b; }},
      {"xor", [](const Var &a, const Var &b) { return a ^ b; }},
  };
  for (const auto &[name, op] : binaries) {
    std::string dunder = std::string("__") + name + "__";
    std::string reflected = std::string("__r") + name + "__";
    var.def(
        dunder.c_str(),
        [op](const Var &a, py::handle b) { return op(a, toVar(b, &a)); },
        Located());
    var.def(
        reflected.c_str(),
        [op](const Var &a, py::handle b) { return op(toVar(b, &a), a); },
        Located());
  }
  const std::pair<const char *, Binary> comparisons[] = {
      {"__lt__", [](const Var &a, const Var &b) { return a < b; }},
      {"__le__", [](const Var &a, const Var &b) { return a <= b; }},
      {"__gt__", [](const Var &a, const Var &b) { return a > b; }},
      {"__ge__", [](const Var &a, const Var &b) { return a >= b; }},
  };
  for (const auto &[name, op] : comparisons)
    var.def(
        name, [op](const Var &a, py::handle b) { return op(a, toVar(b, &a)); },
        Located());
  var.def(
         "__neg__", [](const Var &x) { return -x; }, Located())
      .def(
          "__pos__", [](const Var &x) { return x; }, Located())
      .def(
          "__abs__", [](const Var &x) { return abs(x); }, Located())
      .def(
          "__invert__",
          [](const Var &x) {
            if (x.dtype() != DType::Bool)
              throw Error("~ is the logical not of a bool Var; " +
                          x.describe() + " is " + numpyName(x.dtype()));
            return !x;
          },
          Located());

  py::class_<SharedVariable, Var>(m, "SharedVariable",
                                  "A variable whose value lives between calls "
                                  "(theano.shared).")
      .def(
          "get_value",
          [](const SharedVariable &x, bool) { return toNumPy(x.getValue()); },
          py::arg("borrow") = false)
      .def(
          "set_value",
          [](SharedVariable &x, py::handle value, bool) {
            x.setValue(
                toArray(value, ArrayUse::Copy, "set_value of " + x.describe()));
          },
          py::arg("value"), py::arg("borrow") = false)
      .def_property_readonly("default_update", &SharedVariable::defaultUpdate);
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

void bindOps(py::module_ &m) {
  using Unary = Var (*)(const Var &, std::source_location);
  const std::pair<const char *, Unary> unaries[] = {
      {"neg", &scanjit::neg},
      {"abs", &scanjit::abs},
      {"exp", &scanjit::exp},
      {"expm1", &scanjit::expm1},
      {"log", &scanjit::log},
      {"tanh", &scanjit::tanh},
      {"sigmoid", &scanjit::sigmoid},
      {"sqrt", &scanjit::sqrt},
      {"sin", &scanjit::sin},
      {"cos", &scanjit::cos},
      {"sign", &scanjit::sign},
      {"logical_not", &scanjit::logical_not},
      {"zeros_like", &scanjit::zeros_like},
      {"ones_like", &scanjit::ones_like},
      {"stop_gradient", &scanjit::stop_gradient}};
  for (const auto &[name, op] : unaries)
    m.def(
        name,
        [op](py::handle x) {
          return op(toVar(x), std::source_location::current());
        },
        py::arg("x"), Located());

  using Binary = Var (*)(const Var &, const Var &, std::source_location);
  const std::pair<const char *, Binary> binaries[] = {
      {"pow", &scanjit::pow},
      {"maximum", &scanjit::maximum},
      {"minimum", &scanjit::minimum},
      {"mod", &scanjit::mod},
      {"floor_divide", &scanjit::floor_divide},
      {"eq", &scanjit::eq},
      {"neq", &scanjit::neq},
      {"lt", &scanjit::lt},
      {"le", &scanjit::le},
      {"gt", &scanjit::gt},
      {"ge", &scanjit::ge},
      {"logical_and", &scanjit::logical_and},
      {"logical_or", &scanjit::logical_or},
      {"logical_xor", &scanjit::logical_xor},
      {"dot", &scanjit::dot},
      {"set_subtensor", &scanjit::set_subtensor},
      {"inc_subtensor", &scanjit::inc_subtensor}};
  for (const auto &[name, op] : binaries)
    m.def(
        name,
        [op](py::handle a, py::handle b) {
          auto [left, right] = operands(a, b);
          return op(left, right, std::source_location::current());
        },
        py::arg("a"), py::arg("b"), Located());

  m.def(
      "where",
      [](py::handle condition, py::handle a, py::handle b) {
        Var test = toVar(condition);
        if (!py::isinstance<Var>(a) && !py::isinstance<Var>(b))
          return where(test, toVar(a, &test), toVar(b, &test));
        auto [left, right] = operands(a, b);
        return where(test, left, right);
      },
      py::arg("condition"), py::arg("a"), py::arg("b"), Located());
  m.def(
      "clip",
      [](py::handle x, py::handle lo, py::handle hi) {
        Var value = toVar(x);
        return clip(value, toVar(lo, &value), toVar(hi, &value));
      },
      py::arg("x"), py::arg("lo"), py::arg("hi"), Located());
  m.def(
      "full_like",
      [](py::handle x, double value) { return full_like(toVar(x), value); },
      py::arg("x"), py::arg("fill_value"), Located());
  m.def(
      "cast",
      [](py::handle x, py::handle dtype) {
        return cast(toVar(x), toDType(dtype));
      },
      py::arg("x"), py::arg("dtype"), Located());
  m.def(
      "concatenate",
      [](const std::vector<Var> &xs, int64_t axis) {
        return concatenate(xs, axis);
      },
      py::arg("tensors"), py::arg("axis") = 0, Located());
  m.def(
      "stack",
      [](const std::vector<Var> &xs, int64_t axis) { return stack(xs, axis); },
      py::arg("tensors"), py::arg("axis") = 0, Located());
  m.def(
      "arange",
      [](py::handle start, py::handle stop, py::handle step) {
        if (stop.is_none() && step.is_none()) {
          if (py::isinstance<Var>(start))
            return arange(start.cast<Var>());
          return arange(start.cast<int64_t>());
        }
        Var first = toVar(start);
        if (stop.is_none())
          throw Error("arange: a step needs a stop");
        Var last = toVar(stop, &first);
        Var increment =
            step.is_none() ? toVar(py::int_(1), &first) : toVar(step, &first);
        return arange(first, last, increment);
      },
      py::arg("start"), py::arg("stop") = py::none(),
      py::arg("step") = py::none(), Located());

  // Constructors of arrays of a given shape.
  auto dtypeOr = [](py::handle dtype) {
    return dtype.is_none() ? floatX() : toDType(dtype);
  };
  m.def(
      "zeros",
      [dtypeOr](py::handle shape, py::handle dtype) {
        if (py::isinstance<Var>(shape))
          return zeros(shape.cast<Var>(), dtypeOr(dtype));
        return zeros(toDims(shape), dtypeOr(dtype));
      },
      py::arg("shape"), py::arg("dtype") = py::none(), Located());
  m.def(
      "ones",
      [dtypeOr](py::handle shape, py::handle dtype) {
        if (py::isinstance<Var>(shape))
          return ones(shape.cast<Var>(), dtypeOr(dtype));
        return ones(toDims(shape), dtypeOr(dtype));
      },
      py::arg("shape"), py::arg("dtype") = py::none(), Located());
  m.def(
      "full",
      [dtypeOr](py::handle shape, double value, py::handle dtype) {
        return full(toDims(shape), value, dtypeOr(dtype));
      },
      py::arg("shape"), py::arg("fill_value"), py::arg("dtype") = py::none(),
      Located());
  m.def(
      "eye",
      [dtypeOr](py::handle n, py::handle dtype) {
        return eye(toDims(n).front(), dtypeOr(dtype));
      },
      py::arg("n"), py::arg("dtype") = py::none(), Located());

  // Leaves of the graph.
  m.def(
      "tensor",
      [](const std::string &name, int64_t ndim, py::handle dtype,
         py::handle shape) {
        std::optional<DType> type;
        if (!dtype.is_none())
          type = toDType(dtype);
        if (shape.is_none())
          return graph().tensor(name, ndim, type);
        TensorType tensorType{type.value_or(floatX()), {}};
        for (py::handle size : shape.cast<py::sequence>())
          tensorType.shape.push_back(size.is_none() ? kDynamic
                                                    : size.cast<int64_t>());
        return graph().tensor(name, tensorType);
      },
      py::arg("name"), py::arg("ndim"), py::arg("dtype") = py::none(),
      py::arg("shape") = py::none(), Located());
  m.def(
      "constant",
      [](py::handle value, const std::string &name, py::handle dtype) {
        if (dtype.is_none())
          return graph().constant(toArray(value, ArrayUse::Copy, "constant"),
                                  name);
        return graph().constant(
            toArray(value, ArrayUse::Copy, "constant").astype(toDType(dtype)),
            name);
      },
      py::arg("value"), py::arg("name") = "", py::arg("dtype") = py::none(),
      Located());
  m.def(
      "as_var", [](py::handle value) { return toVar(value); }, Located());
  m.def(
      "shared",
      [](py::handle value, const std::string &name) {
        return graph().shared(
            toArray(value, ArrayUse::Copy, name.empty() ? "shared" : name),
            name);
      },
      py::arg("value"), py::arg("name") = "", Located());
}

//===----------------------------------------------------------------------===//
// scan, grad, random streams, functions
//===----------------------------------------------------------------------===//

/// scan's sequences ((Var, taps) pairs), outputs ((initial Var or None,
/// taps) pairs), non-sequences and n_steps (None, an int or a Var).
ScanOptions scanOptions(py::list sequences, py::list outputs,
                        std::vector<Var> non_sequences, py::handle n_steps) {
  ScanOptions options;
  for (py::handle sequence : sequences) {
    auto [value, taps] = sequence.cast<std::pair<Var, std::vector<int64_t>>>();
    options.sequences.push_back(Tapped{value, taps});
  }
  for (py::handle output : outputs) {
    auto entry = output.cast<py::tuple>();
    auto taps = entry[1].cast<std::vector<int64_t>>();
    if (entry[0].is_none() && taps.empty())
      options.outputs_info.push_back(none);
    else
      options.outputs_info.push_back(
          Tapped{entry[0].is_none() ? Var() : toVar(entry[0]), taps});
  }
  options.non_sequences = std::move(non_sequences);
  if (py::isinstance<Var>(n_steps))
    options.n_steps = NSteps(n_steps.cast<Var>());
  else if (!n_steps.is_none())
    options.n_steps = NSteps(n_steps.cast<int64_t>());
  return options;
}

/// A step function calling `fn`, the package's wrapper of the user's: it
/// returns (outputs, update pairs, until condition or None).
detail::StepFunction stepFunction(py::function fn) {
  detail::StepFunction step;
  step.takesSpan = true;
  step.call = [fn](const std::vector<Var> &args) {
    py::tuple arguments(args.size());
    for (size_t i = 0; i < args.size(); ++i)
      arguments[i] = py::cast(args[i]);
    auto parts = fn(*arguments).cast<py::tuple>();
    StepResult result;
    for (py::handle output : parts[0])
      result.outputs.push_back(toVar(output));
    result.updates = toUpdates(parts[1]);
    if (!parts[2].is_none())
      result.until = toVar(parts[2]);
    return result;
  };
  return step;
}

void bindScan(py::module_ &m) {
  m.def(
      "scan",
      [](py::function fn, py::list sequences, py::list outputs,
         std::vector<Var> non_sequences, py::handle n_steps,
         int64_t truncate_gradient, bool go_backwards, std::string name,
         bool strict) {
        ScanOptions options =
            scanOptions(sequences, outputs, std::move(non_sequences), n_steps);
        options.truncate_gradient = truncate_gradient;
        options.go_backwards = go_backwards;
        options.name = std::move(name);
        options.strict = strict;
        ScanResult result = detail::buildScan(stepFunction(fn), options,
                                              std::source_location::current());
        return py::make_tuple(result.outputs, fromUpdates(result.updates));
      },
      py::arg("fn"), py::arg("sequences"), py::arg("outputs_info"),
      py::arg("non_sequences"), py::arg("n_steps"),
      py::arg("truncate_gradient"), py::arg("go_backwards"), py::arg("name"),
      py::arg("strict"), Located());
  m.def(
      "scan_checkpoints",
      [](py::function fn, py::list sequences, py::list outputs,
         std::vector<Var> non_sequences, py::handle n_steps, bool go_backwards,
         std::string name, bool strict, int64_t save_every_N) {
        ScanOptions plain =
            scanOptions(sequences, outputs, std::move(non_sequences), n_steps);
        CheckpointOptions options{.sequences = std::move(plain.sequences),
                                  .outputs_info = std::move(plain.outputs_info),
                                  .non_sequences =
                                      std::move(plain.non_sequences),
                                  .n_steps = std::move(plain.n_steps),
                                  .go_backwards = go_backwards,
                                  .name = std::move(name),
                                  .strict = strict,
                                  .save_every_N = save_every_N};
        ScanResult result = detail::buildCheckpointedScan(
            stepFunction(fn), options, std::source_location::current());
        return py::make_tuple(result.outputs, fromUpdates(result.updates));
      },
      py::arg("fn"), py::arg("sequences"), py::arg("outputs_info"),
      py::arg("non_sequences"), py::arg("n_steps"), py::arg("go_backwards"),
      py::arg("name"), py::arg("strict"), py::arg("save_every_N"), Located());
  m.def(
      "last_steps",
      [](std::vector<Var> outputs, py::handle updates) {
        ScanResult last = detail::lastSteps(
            ScanResult{std::move(outputs), toUpdates(updates)},
            std::source_location::current());
        return py::make_tuple(last.outputs, fromUpdates(last.updates));
      },
      Located());

  m.def(
      "grad",
      [](const Var &cost, const std::vector<Var> &wrt,
         const std::string &disconnected_inputs) {
        return grad(cost, wrt, disconnected_inputs);
      },
      py::arg("cost"), py::arg("wrt"), py::arg("disconnected_inputs"),
      Located());
  using SecondOrder = Var (*)(const Var &, const Var &, const std::string &,
                              std::source_location);
  for (auto [name, derivative] :
       {std::pair<const char *, SecondOrder>{"jacobian", &scanjit::jacobian},
        {"hessian", &scanjit::hessian}})
    m.def(
        name,
        [derivative](const Var &of, const Var &wrt,
                     const std::string &disconnected_inputs) {
          return derivative(of, wrt, disconnected_inputs,
                            std::source_location::current());
        },
        py::arg("of"), py::arg("wrt"), py::arg("disconnected_inputs"),
        Located());

  py::class_<RandomStreams>(m, "RandomStreams",
                            "Random streams whose state is shared variables "
                            "(Theano's RandomStreams).")
      .def(py::init<uint64_t>(), py::arg("seed"))
      .def(
          "uniform",
          [](RandomStreams &streams, py::handle size, double low, double high,
             py::handle dtype) {
            DType type = dtype.is_none() ? floatX() : toDType(dtype);
            if (py::isinstance<Var>(size))
              return streams.uniform(size.cast<Var>(), low, high, type);
            return streams.uniform(toDims(size), low, high, type);
          },
          py::arg("size"), py::arg("low") = 0.0, py::arg("high") = 1.0,
          py::arg("dtype") = py::none(), Located())
      .def(
          "normal",
          [](RandomStreams &streams, py::handle size, double avg, double std,
             py::handle dtype) {
            DType type = dtype.is_none() ? floatX() : toDType(dtype);
            if (py::isinstance<Var>(size))
              return streams.normal(size.cast<Var>(), avg, std, type);
            return streams.normal(toDims(size), avg, std, type);
          },
          py::arg("size"), py::arg("avg") = 0.0, py::arg("std") = 1.0,
          py::arg("dtype") = py::none(), Located())
      .def(
          "binomial",
          [](RandomStreams &streams, py::handle size, int64_t n, py::handle p,
             py::handle dtype) {
            DType type = dtype.is_none() ? DType::I64 : toDType(dtype);
            Var shape =
                py::isinstance<Var>(size) ? size.cast<Var>() : stack([&] {
                  std::vector<Var> sizes;
                  for (const Dim &dim : toDims(size))
                    sizes.push_back(
                        std::holds_alternative<Var>(dim)
                            ? std::get<Var>(dim)
                            : constant(Array::scalar(std::get<int64_t>(dim))));
                  return sizes;
                }());
            if (py::isinstance<Var>(p))
              return streams.binomial(shape, n, p.cast<Var>(), type);
            return streams.binomial(shape, n, p.cast<double>(), type);
          },
          py::arg("size"), py::arg("n") = 1, py::arg("p") = 0.5,
          py::arg("dtype") = py::none(), Located())
      .def("updates", [](const RandomStreams &streams) {
        return fromUpdates(streams.updates());
      });

  py::class_<Function>(m, "Function", "A compiled function.")
      .def(
          "__call__",
          [](const Function &f, py::args args) {
            const std::vector<std::string> &names = f.argumentNames();
            std::vector<Array> arguments;
            for (size_t i = 0; i < args.size(); ++i) {
              std::string what = "argument #" + std::to_string(i);
              if (i < names.size() && !names[i].empty())
                what = "argument '" + names[i] + "'";
              arguments.push_back(toArray(args[i], ArrayUse::Borrow, what));
            }
            py::list results;
            for (const Array &result : f(arguments))
              results.append(toNumPy(result));
            return results;
          },
          Located())
      .def_property_readonly("mlir", &Function::mlir)
      .def_property_readonly("num_inputs", &Function::numInputs)
      .def_property_readonly("num_outputs", &Function::numOutputs)
      .def_property_readonly("argument_names", &Function::argumentNames);
  m.def(
      "function",
      [](const std::vector<Var> &inputs, const std::vector<Var> &outputs,
         py::handle updates, const std::string &name) {
        return function(inputs, outputs, toUpdates(updates),
                        FunctionOptions{.name = name});
      },
      py::arg("inputs"), py::arg("outputs"), py::arg("updates"),
      py::arg("name"), Located());
  m.def("debugprint", [](const Var &x) { return debugprint(x); });
  m.def("to_dot", [](const Function &f) { return to_dot(f); });
}

} // namespace

PYBIND11_MODULE(_scanjit, m) {
  m.doc() = "ScanJIT's C++ frontend (use the package scanjit)";
  py::register_exception<Error>(m, "Error");
  m.def("set_package_directory", &setPackageDirectory);
  m.def("set_float_x", [](py::handle dtype) { floatX() = toDType(dtype); });
  m.def("float_x", [] { return numpyName(floatX()); });
  bindVar(m);
  bindOps(m);
  bindScan(m);
}
