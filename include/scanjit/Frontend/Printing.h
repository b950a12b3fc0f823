//===- Printing.h - Graphs as Theano prints them ----------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// debugprint(var) prints the ops that compute `var`, one a line, each with
// an id and its type, its inputs below it indented by depth; an op met again
// prints its id only. Scans list their outer inputs, and their inner graphs
// follow under "Inner graphs:", their outputs marked '>' (Theano's
// theano.printing.debugprint). Inner inputs are named by what they receive
// (sequence i at t+k, output i at t-k, non-sequence i):
//
//   scan.scan [id A] f64[?]
//    |x [id B] f64[?]
//    |tensor.expand_shape [id C] f64[1]
//    | |zero [id D] f64[]
//
//   Inner graphs:
//
//   scan.scan [id A] f64[?]
//    >arith.addf [id E] f64[]
//    > |<output 0[t-1]> [id F] f64[]
//    > |<sequence 0[t+0]> [id G] f64[]
//
// to_dot(function) writes the whole function as Graphviz DOT, scans as
// clusters. `scan-opt` output stays the IR view; these are the user's.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_FRONTEND_PRINTING_H
#define SCANJIT_FRONTEND_PRINTING_H

#include "scanjit/Frontend/Function.h"
#include "scanjit/Frontend/Var.h"

#include <ostream>
#include <string>

namespace scanjit {

/// The graph that computes `var`, as text (see the file comment).
std::string debugprint(const Var &var);

/// Prints debugprint(var) to `os`.
void debugprint(const Var &var, std::ostream &os);

/// `function`'s graph as Graphviz DOT (Theano's pydotprint): a node per op
/// and argument (named), an edge per use, each scan a cluster holding its
/// inner graph (its yields dashed). `dot -Tpng` renders it.
std::string to_dot(const Function &function);

/// Writes to_dot(function) to `os`.
void to_dot(const Function &function, std::ostream &os);

} // namespace scanjit

#endif // SCANJIT_FRONTEND_PRINTING_H
