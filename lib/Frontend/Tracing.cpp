//===- Tracing.cpp - The module a thread traces into ----------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "Tracing.h"

#include "scanjit/Dialect/Scan/IR/ScanDialect.h"
#include "scanjit/Frontend/HostLocation.h"
#include "scanjit/Support/Error.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace scanjit {

std::string TensorType::str() const {
  std::string text = std::string(toString(dtype)) + "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += ", ";
    text += shape[i] == kDynamic ? "?" : std::to_string(shape[i]);
  }
  return text + "]";
}

namespace detail {

void loadFrontendDialects(MLIRContext &context) {
  context.loadDialect<arith::ArithDialect, func::FuncDialect,
                      linalg::LinalgDialect, math::MathDialect,
                      memref::MemRefDialect, scf::SCFDialect,
                      tensor::TensorDialect, scan::ScanDialect>();
}

TraceModule::TraceModule() : context(MLIRContext::Threading::DISABLED) {
  loadFrontendDialects(context);
  Location loc = UnknownLoc::get(&context);
  module = ModuleOp::create(loc);
  OpBuilder builder(&context);
  builder.setInsertionPointToEnd(module->getBody());
  func = func::FuncOp::create(builder, loc, "__scanjit_trace",
                              builder.getFunctionType({}, {}));
  auto scope = std::make_shared<TracingScope>();
  scope->name = "the function";
  scope->block = func.addEntryBlock();
  scopes.push_back(std::move(scope));
}

TraceModule::~TraceModule() {
  // Bodies whose tracing failed still hold ops that use outer values.
  for (auto &scope : scopes)
    if (scope->ownedBlock)
      scope->ownedBlock->dropAllReferences();
}

std::shared_ptr<TraceModule> currentTraceModule() {
  static thread_local std::weak_ptr<TraceModule> current;
  std::shared_ptr<TraceModule> module = current.lock();
  if (!module) {
    module = std::make_shared<TraceModule>();
    current = module;
  }
  return module;
}

const TracedPtr &tracedOf(const Var &var, const std::string &what) {
  if (!var.valid())
    throw Error(what + " is a null Var");
  const TracedPtr &traced = var.node();
  if (!traced->scope->open)
    throw Error(what + " (" + var.describe() +
                ") was computed in the body of " + traced->scope->name +
                " and is used outside it; return it from fn instead");
  return traced;
}

std::shared_ptr<TraceModule>
moduleOf(std::initializer_list<const Var *> operands) {
  std::shared_ptr<TraceModule> module;
  for (const Var *var : operands) {
    if (!var->valid())
      continue;
    const std::shared_ptr<TraceModule> &own = var->node()->module;
    if (module && own != module)
      throw Error("Vars traced on different threads cannot be combined");
    module = own;
  }
  return module ? module : currentTraceModule();
}

Var makeVar(const std::shared_ptr<TraceModule> &module, Value value,
            TensorType type) {
  auto traced = std::make_shared<TracedValue>();
  traced->module = module;
  traced->scope = module->scopes.back();
  traced->value = value;
  traced->type = std::move(type);
  if (!module->pendingEffects.empty()) {
    std::vector<Operation *> &effects = module->effectsOf[value];
    effects.insert(effects.end(), module->pendingEffects.begin(),
                   module->pendingEffects.end());
    module->pendingEffects.clear();
  }
  return Var(traced);
}

Var makeArgument(const std::shared_ptr<TraceModule> &module, TensorType type,
                 std::string name, TracedValue::Kind kind,
                 const std::source_location &loc,
                 std::shared_ptr<SharedStorage> shared) {
  Block &entry = module->func.getBody().front();
  RankedTensorType tensorType;
  {
    SmallVector<int64_t> shape;
    for (int64_t size : type.shape)
      shape.push_back(size == kDynamic ? ShapedType::kDynamic : size);
    Type element;
    switch (type.dtype) {
    case DType::F32:
      element = Float32Type::get(&module->context);
      break;
    case DType::F64:
      element = Float64Type::get(&module->context);
      break;
    case DType::I32:
      element = IntegerType::get(&module->context, 32);
      break;
    case DType::I64:
      element = IntegerType::get(&module->context, 64);
      break;
    case DType::Bool:
      element = IntegerType::get(&module->context, 1);
      break;
    }
    tensorType = RankedTensorType::get(shape, element);
  }
  Value argument =
      entry.addArgument(tensorType, toLocation(module->context, loc));
  auto traced = std::make_shared<TracedValue>();
  traced->module = module;
  traced->scope = module->scopes.front();
  traced->value = argument;
  traced->type = std::move(type);
  traced->name = std::move(name);
  traced->kind = kind;
  traced->shared = shared;
  module->arguments[argument] =
      ArgumentInfo{kind == TracedValue::Kind::Shared, traced->name,
                   traced->type, std::move(shared)};
  return Var(traced);
}

namespace {
/// A location of the stack below: the call's, and whether user code runs
/// inside it (see UserCodeScope).
struct LocationEntry {
  UserLocation loc;
  bool userCode;
};

std::vector<LocationEntry> &locationStack() {
  static thread_local std::vector<LocationEntry> stack;
  return stack;
}

/// The host language's lines (HostLocationScope), innermost last.
std::vector<UserLocation> &hostLocationStack() {
  static thread_local std::vector<UserLocation> stack;
  return stack;
}

/// Whether a frontend call starting now is the outermost one in progress
/// (the frontend's own calls of its public functions keep the user's
/// location).
bool startsACall() {
  const std::vector<LocationEntry> &stack = locationStack();
  return stack.empty() || stack.back().userCode;
}
} // namespace

UserLocation resolveLocation(const std::source_location &loc) {
  const std::vector<UserLocation> &host = hostLocationStack();
  if (!host.empty())
    return host.back();
  return {loc.file_name(), static_cast<unsigned>(loc.line()),
          static_cast<unsigned>(loc.column())};
}

LocationScope::LocationScope(const std::source_location &loc)
    : pushed(startsACall()) {
  // Resolved only when pushed: nested calls (most of them) make no string.
  if (pushed)
    locationStack().push_back({resolveLocation(loc), false});
}

LocationScope::~LocationScope() {
  if (pushed)
    locationStack().pop_back();
}

UserCodeScope::UserCodeScope(const std::source_location &loc) {
  locationStack().push_back({resolveLocation(loc), true});
}

UserCodeScope::~UserCodeScope() { locationStack().pop_back(); }

static Location toLocation(MLIRContext &context, const UserLocation &loc) {
  return FileLineColLoc::get(&context, loc.file, loc.line, loc.column);
}

Location toLocation(MLIRContext &context, const std::source_location &loc) {
  return toLocation(context, resolveLocation(loc));
}

Location currentLocation(MLIRContext &context) {
  std::vector<LocationEntry> &stack = locationStack();
  if (stack.empty())
    return UnknownLoc::get(&context);
  return toLocation(context, stack.back().loc);
}

std::string describeLocation(const std::source_location &loc) {
  UserLocation resolved = resolveLocation(loc);
  std::string file = resolved.file;
  size_t slash = file.find_last_of("/\\");
  if (slash != std::string::npos)
    file = file.substr(slash + 1);
  return file + ":" + std::to_string(resolved.line);
}

std::string ArgumentInfo::describe() const {
  if (!name.empty())
    return "'" + name + "'";
  return "a " + describeType(type);
}

std::optional<int64_t> constantInteger(const TracedValue &value) {
  if (!value.constant || value.type.rank() != 0 ||
      isFloatingPoint(value.type.dtype))
    return std::nullopt;
  return value.constant->toVector<int64_t>()[0];
}

std::string describeType(const TensorType &type) {
  static const char *const kRankNames[] = {"scalar", "vector", "matrix"};
  std::string dtype(toString(type.dtype));
  if (type.rank() < 3)
    return dtype + " " + kRankNames[type.rank()];
  return dtype + " tensor of rank " + std::to_string(type.rank());
}

} // namespace detail

HostLocationScope::HostLocationScope(std::string file, unsigned line,
                                     unsigned column) {
  detail::UserLocation loc{std::move(file), line, column};
  pushedCall = detail::startsACall();
  if (pushedCall)
    detail::locationStack().push_back({loc, false});
  detail::hostLocationStack().push_back(std::move(loc));
}

HostLocationScope::~HostLocationScope() {
  if (pushedCall)
    detail::locationStack().pop_back();
  detail::hostLocationStack().pop_back();
}

} // namespace scanjit
