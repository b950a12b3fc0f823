//===- ScanJIT.h - The C++ frontend in one header ---------------*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// Everything a host program needs to build graphs with loops and run them:
//
//   #include "scanjit/ScanJIT.h"
//   using namespace scanjit;
//   Graph g;
//   Var X = g.matrix("X"), W = g.matrix("W"), b = g.vector("b");
//   ScanResult r = scan([&](Var v) { return tanh(dot(v, W) + b); },
//                       {.sequences = {X}});
//   Function f = function({X, W, b}, {r.outputs[0]});
//   std::vector<Array> out =
//       f({Array::eye(DType::F64, 2), Array::ones(DType::F64, {2, 2}),
//          Array{1.0, 2.0}});
//
// `scanjit::Function` is the frontend's compiled graph; the JIT's handle to a
// function of an MLIR module is `scanjit::EngineFunction`.
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_SCANJIT_H
#define SCANJIT_SCANJIT_H

#include "scanjit/Array/Array.h"
#include "scanjit/Array/ArrayFormat.h"
#include "scanjit/Array/DLPack.h"
#include "scanjit/Frontend/Checkpoints.h"
#include "scanjit/Frontend/Function.h"
#include "scanjit/Frontend/Grad.h"
#include "scanjit/Frontend/Graph.h"
#include "scanjit/Frontend/HostLocation.h"
#include "scanjit/Frontend/Ops.h"
#include "scanjit/Frontend/Printing.h"
#include "scanjit/Frontend/Random.h"
#include "scanjit/Frontend/Scan.h"
#include "scanjit/Frontend/Shared.h"
#include "scanjit/Frontend/Var.h"
#include "scanjit/Support/Error.h"

#endif // SCANJIT_SCANJIT_H
