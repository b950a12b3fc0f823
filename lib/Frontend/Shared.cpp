//===- Shared.cpp - Shared variables and update lists ---------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Shared.h"

#include "TypeRules.h"

#include "scanjit/Frontend/Ops.h"
#include "scanjit/Support/Error.h"

using namespace scanjit;
using namespace scanjit::detail;

SharedVariable::SharedVariable(const Array &value, std::string name,
                               std::source_location loc) {
  // The static type keeps only the rank: setValue may change the sizes.
  TensorType type{value.dtype(),
                  std::vector<int64_t>(value.shape().size(), kDynamic)};
  auto storage = std::make_shared<SharedStorage>();
  storage->value = value.clone();
  static_cast<Var &>(*this) =
      makeArgument(currentTraceModule(), std::move(type), std::move(name),
                   TracedValue::Kind::Shared, loc, std::move(storage));
}

const std::shared_ptr<SharedStorage> &SharedVariable::storage() const {
  if (!valid())
    throw Error("shared variable is a null Var");
  return node()->shared;
}

Array SharedVariable::getValue() const { return storage()->value.clone(); }

void SharedVariable::setValue(const Array &value) {
  if (value.dtype() != dtype() || value.rank() != ndim())
    throw Error("shared variable " + describe() + " holds " +
                describeType(type()) + " values, not " + value.typeString());
  storage()->value = value.clone();
}

Var SharedVariable::defaultUpdate() const {
  const std::shared_ptr<SharedStorage> &shared = storage();
  if (std::shared_ptr<TracedScan> scan = shared->advancingScan.lock()) {
    auto result = std::make_shared<TracedValue>();
    result->module = scan->module;
    result->scope = scan->scope;
    result->value = scan->op->getResult(shared->advancingResult);
    result->type = scan->resultTypes[shared->advancingResult];
    result->scan = scan;
    return Var(result);
  }
  if (shared->incrementsByDefault)
    return *this + int64_t{1};
  return Var();
}

std::optional<SharedVariable> SharedVariable::fromVar(const Var &var) {
  if (!var.valid() || var.node()->kind != TracedValue::Kind::Shared)
    return std::nullopt;
  return SharedVariable(var);
}

Updates::Updates(std::initializer_list<Entry> list) {
  for (const Entry &entry : list) {
    if (contains(entry.first))
      throw Error("updates: shared variable " + entry.first.describe() +
                  " is updated twice");
    set(entry.first, entry.second);
  }
}

void Updates::set(const SharedVariable &variable, Var value) {
  if (!variable.valid())
    throw Error("an updated shared variable is a null Var");
  if (!value.valid())
    throw Error("an update is a null Var");
  const TracedPtr &node = value.node();
  if (node->type.dtype != variable.dtype() ||
      node->type.rank() != variable.ndim())
    throw Error("update of shared variable " + variable.describe() +
                ": the new value is a " + describeType(node->type) +
                ", the variable a " + describeType(variable.type()));
  for (Entry &entry : entries)
    if (entry.first.storage() == variable.storage()) {
      entry.second = std::move(value);
      return;
    }
  entries.emplace_back(variable, std::move(value));
}

void Updates::merge(const Updates &other) {
  for (const Entry &entry : other)
    set(entry.first, entry.second);
}

bool Updates::contains(const SharedVariable &variable) const {
  for (const Entry &entry : entries)
    if (entry.first.storage() == variable.storage())
      return true;
  return false;
}

Var Updates::operator[](const SharedVariable &variable) const {
  for (const Entry &entry : entries)
    if (entry.first.storage() == variable.storage())
      return entry.second;
  throw Error("no update for shared variable " + variable.describe());
}
