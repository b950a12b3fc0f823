//===- Shared.h - Shared variables and update lists -------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// A SharedVariable is a Var whose value lives on the host between calls
// (Theano's `shared`): every compiled function that uses it receives its
// current value, and a function given an update for it writes the new value
// back after each call. Updates (Theano's updates dictionary) pair shared
// variables with the symbolic value each should take.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_FRONTEND_SHARED_H
#define SCANJIT_FRONTEND_SHARED_H

#include "scanjit/Frontend/Var.h"
#include "scanjit/Array/Array.h"

#include <initializer_list>
#include <memory>
#include <optional>
#include <source_location>
#include <utility>
#include <vector>

namespace scanjit {

namespace detail {
struct SharedStorage;
} // namespace detail

/// A Var with a host value that persists across calls (see the file
/// comment). Copies share the value.
class SharedVariable : public Var {
public:
  /// A null shared variable.
  SharedVariable() = default;
  /// A shared variable holding a copy of `value`.
  explicit SharedVariable(
      const Array &value, std::string name = "",
      std::source_location loc = std::source_location::current());

  /// A copy of the current value.
  Array getValue() const;
  /// Replaces the value. Throws scanjit::Error if `value`'s dtype or rank
  /// differs from the variable's.
  void setValue(const Array &value);

  /// The update a compiled function applies when none is given explicitly
  /// (the counters of random streams advance by default), or a null Var.
  Var defaultUpdate() const;

  /// The SharedVariable that `var` is, if it is one.
  static std::optional<SharedVariable> fromVar(const Var &var);

  /// The value storage (frontend internal).
  const std::shared_ptr<detail::SharedStorage> &storage() const;

private:
  explicit SharedVariable(Var var) : Var(std::move(var)) {}
};

/// Pairs of (shared variable, its new value), Theano's updates dictionary:
/// `Updates{{k, k + 1}}` is `{k: k + 1}`.
class Updates {
public:
  /// One update.
  using Entry = std::pair<SharedVariable, Var>;

  /// No updates.
  Updates() = default;
  /// The given updates. Throws scanjit::Error if a variable repeats.
  Updates(std::initializer_list<Entry> entries);

  /// Adds or replaces the update of `variable`.
  void set(const SharedVariable &variable, Var value);
  /// Adds every update of `other` (replacing ours for the same variable).
  void merge(const Updates &other);
  /// The new value of `variable`; throws scanjit::Error if it has none.
  Var operator[](const SharedVariable &variable) const;
  /// Whether `variable` has an update.
  bool contains(const SharedVariable &variable) const;

  /// The number of updates.
  size_t size() const { return entries.size(); }
  /// True when there are none.
  bool empty() const { return entries.empty(); }
  /// The updates in insertion order.
  std::vector<Entry>::const_iterator begin() const { return entries.begin(); }
  /// The end of the updates.
  std::vector<Entry>::const_iterator end() const { return entries.end(); }

private:
  std::vector<Entry> entries;
};

} // namespace scanjit

#endif // SCANJIT_FRONTEND_SHARED_H
