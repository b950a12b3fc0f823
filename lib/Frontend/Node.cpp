//===- Node.cpp - The nodes behind Vars -----------------------------------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "Node.h"

#include "scanjit/Support/Error.h"

#include <map>
#include <set>

using namespace scanjit;
using namespace scanjit::detail;

std::string TensorType::str() const {
  std::string text = std::string(toString(dtype)) + "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += ", ";
    text += shape[i] == kDynamic ? "?" : std::to_string(shape[i]);
  }
  return text + "]";
}

size_t ScanInfo::numRecurrent() const {
  size_t count = 0;
  for (const std::vector<int64_t> &taps : outputTaps)
    count += !taps.empty();
  return count;
}

NodePtr detail::makeNode(OpKind kind, TensorType type,
                         std::vector<NodePtr> operands) {
  auto node = std::make_shared<Node>();
  node->kind = kind;
  node->type = std::move(type);
  node->operands = std::move(operands);
  return node;
}

const NodePtr &detail::nodeOf(const Var &var, const char *what) {
  if (!var.valid())
    throw Error(std::string(what) + " is a null Var");
  return var.node();
}

std::optional<int64_t> detail::constantInteger(const Node &node) {
  if (node.kind != OpKind::Constant || node.type.rank() != 0 ||
      isFloatingPoint(node.type.dtype))
    return std::nullopt;
  return node.constant->toVector<int64_t>()[0];
}

NodePtr detail::integerConstant(int64_t value) {
  NodePtr node = makeNode(OpKind::Constant, TensorType{DType::I64, {}}, {});
  node->constant = std::make_shared<const Array>(Array::scalar(value));
  return node;
}

std::string detail::describeType(const TensorType &type) {
  static const char *const kRankNames[] = {"scalar", "vector", "matrix"};
  std::string dtype(toString(type.dtype));
  if (type.rank() < 3)
    return dtype + " " + kRankNames[type.rank()];
  return dtype + " tensor of rank " + std::to_string(type.rank());
}

std::vector<NodePtr> detail::replaceNodes(
    const std::vector<NodePtr> &roots,
    const std::vector<std::pair<const Node *, NodePtr>> &replacements) {
  std::map<const Node *, NodePtr> copies(replacements.begin(),
                                         replacements.end());
  std::function<NodePtr(const NodePtr &)> copy = [&](const NodePtr &node) {
    if (!node)
      return node;
    auto it = copies.find(node.get());
    if (it != copies.end())
      return it->second;
    std::vector<NodePtr> operands;
    bool changed = false;
    for (const NodePtr &operand : node->operands) {
      operands.push_back(copy(operand));
      changed |= operands.back() != operand;
    }
    NodePtr result = node;
    if (changed) {
      result = std::make_shared<Node>(*node);
      result->operands = std::move(operands);
    }
    copies.emplace(node.get(), result);
    return result;
  };
  std::vector<NodePtr> results;
  for (const NodePtr &root : roots)
    results.push_back(copy(root));
  return results;
}

void detail::walkGraph(const std::vector<NodePtr> &roots,
                       const std::function<void(const NodePtr &)> &visit) {
  std::set<const Node *> seen;
  std::function<void(const NodePtr &)> walk = [&](const NodePtr &node) {
    if (!node || !seen.insert(node.get()).second)
      return;
    for (const NodePtr &operand : node->operands)
      walk(operand);
    if (node->kind == OpKind::Scan) {
      for (const NodePtr &yield : node->scan->body->yields)
        walk(yield);
      walk(node->scan->body->until);
    }
    visit(node);
  };
  for (const NodePtr &root : roots)
    walk(root);
}
