#===- FindScanJITDependencies.cmake - locate LLVM, MLIR, test tools ------===#
#
# Finds the Debian LLVM/MLIR 22 packages under /usr/lib/llvm-22 and the tools
# the test suite uses (lit, FileCheck). Nothing is downloaded.
#
#===----------------------------------------------------------------------===#

set(SCANJIT_LLVM_PREFIX "/usr/lib/llvm-22" CACHE PATH "Prefix of the LLVM/MLIR 22 installation")

# MLIR only accepts a request that names major.minor; any 22.1.x is API-compatible.
find_package(MLIR 22.1 REQUIRED CONFIG
  HINTS "${SCANJIT_LLVM_PREFIX}/lib/cmake/mlir")
message(STATUS "Using MLIRConfig.cmake in: ${MLIR_DIR}")
message(STATUS "Using LLVMConfig.cmake in: ${LLVM_DIR} (LLVM ${LLVM_PACKAGE_VERSION})")

list(APPEND CMAKE_MODULE_PATH "${MLIR_CMAKE_DIR}" "${LLVM_CMAKE_DIR}")
include(TableGen)
include(AddLLVM)
include(AddMLIR)

# Project libraries link the two shared libraries, never the static components:
# mixing both would register every dialect and option twice.
set(SCANJIT_MLIR_LIBS MLIR LLVM)

find_program(SCANJIT_LIT NAMES lit llvm-lit
  HINTS "${LLVM_TOOLS_BINARY_DIR}" "${SCANJIT_LLVM_PREFIX}/bin" REQUIRED)
find_program(SCANJIT_FILECHECK NAMES FileCheck
  HINTS "${LLVM_TOOLS_BINARY_DIR}" "${SCANJIT_LLVM_PREFIX}/bin" REQUIRED)

find_package(GTest REQUIRED)

# OpenBLAS and its CBLAS header (Debian's libopenblas-dev).
find_library(SCANJIT_OPENBLAS_LIBRARY NAMES openblas REQUIRED)
find_path(SCANJIT_CBLAS_INCLUDE_DIR NAMES cblas.h
  PATH_SUFFIXES x86_64-linux-gnu x86_64-linux-gnu/openblas-pthread REQUIRED)
