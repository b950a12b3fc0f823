//===- MatmulOperands.cpp - How a linalg.matmul reads its operands --------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/Transforms/MatmulOperands.h"

using namespace mlir;

SmallVector<AffineMap> scanjit::getMatmulMaps(MLIRContext *context,
                                              std::array<bool, 2> transposed) {
  AffineExpr m = getAffineDimExpr(0, context);
  AffineExpr n = getAffineDimExpr(1, context);
  AffineExpr k = getAffineDimExpr(2, context);
  auto map = [&](AffineExpr a, AffineExpr b) {
    return AffineMap::get(3, 0, {a, b}, context);
  };
  return {transposed[0] ? map(k, m) : map(m, k),
          transposed[1] ? map(n, k) : map(k, n), map(m, n)};
}

std::optional<std::array<bool, 2>>
scanjit::getTransposedMatmulOperands(linalg::MatmulOp matmul) {
  if (!matmul.hasUserDefinedMaps())
    return std::array<bool, 2>{false, false};
  SmallVector<AffineMap> maps = matmul.getIndexingMapsArray();
  for (bool lhs : {false, true})
    for (bool rhs : {false, true})
      if (maps == getMatmulMaps(matmul.getContext(), {lhs, rhs}))
        return std::array<bool, 2>{lhs, rhs};
  return std::nullopt;
}
