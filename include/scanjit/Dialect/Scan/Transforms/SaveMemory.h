//===- SaveMemory.h - Which steps of a scan result consumers read -*- C++ -*-===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//
//
// The analysis of scan-save-mem, shared with the passes that rewrite an
// output only its last steps are read of (scan-push-out-accumulations).
//
//===----------------------------------------------------------------------===//

#ifndef SCANJIT_DIALECT_SCAN_TRANSFORMS_SAVEMEMORY_H
#define SCANJIT_DIALECT_SCAN_TRANSFORMS_SAVEMEMORY_H

#include "mlir/IR/Value.h"

#include <cstdint>

namespace scanjit::scan {

/// The number of last steps the consumers of `result` (an output of a
/// scan.scan) read: the largest c of their reads of rows `length - c`,
/// at least 1; 0 when some consumer needs the whole history, or uses the
/// length in a way that would change meaning if the result kept fewer rows.
int64_t getLastStepsRead(mlir::Value result);

} // namespace scanjit::scan

#endif // SCANJIT_DIALECT_SCAN_TRANSFORMS_SAVEMEMORY_H
