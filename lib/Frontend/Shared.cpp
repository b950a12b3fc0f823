//===- Shared.cpp - Shared variables and update lists ---------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Frontend/Shared.h"

#include "Node.h"

#include "scanjit/Frontend/Ops.h"
#include "scanjit/Support/Error.h"

using namespace scanjit;
using namespace scanjit::detail;

SharedVariable::SharedVariable(const Array &value, std::string name) {
  NodePtr node =
      makeNode(OpKind::Shared, TensorType{value.dtype(), value.shape()}, {});
  // The static type keeps only the rank: setValue may change the sizes.
  for (int64_t &size : node->type.shape)
    size = kDynamic;
  node->name = std::move(name);
  node->shared = std::make_shared<SharedStorage>();
  node->shared->value = value.clone();
  static_cast<Var &>(*this) = Var(node);
}

const std::shared_ptr<SharedStorage> &SharedVariable::storage() const {
  return nodeOf(*this, "shared variable")->shared;
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
  if (NodePtr scan = shared->advancingScan.lock()) {
    NodePtr result = makeNode(OpKind::ScanResult, type(), {scan});
    result->ints = {shared->advancingResult};
    return Var(result);
  }
  if (shared->incrementsByDefault)
    return *this + int64_t{1};
  return Var();
}

std::optional<SharedVariable> SharedVariable::fromVar(const Var &var) {
  if (!var.valid() || var.node()->kind != OpKind::Shared)
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
  nodeOf(variable, "an updated shared variable");
  const NodePtr &node = nodeOf(value, "an update");
  if (node->type.dtype != variable.dtype() ||
      node->type.rank() != variable.ndim())
    throw Error("update of shared variable " + variable.describe() +
                ": the new value is a " + describeType(node->type) +
                ", the variable a " + describeType(variable.type()));
  for (Entry &entry : entries)
    if (entry.first.node() == variable.node()) {
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
    if (entry.first.node() == variable.node())
      return true;
  return false;
}

Var Updates::operator[](const SharedVariable &variable) const {
  for (const Entry &entry : entries)
    if (entry.first.node() == variable.node())
      return entry.second;
  throw Error("no update for shared variable " + variable.describe());
}
