//===- LoadedLibrary.cpp - Calling ahead-of-time code without LLVM --------===//
//
// Part of ScanJIT.
//
//===----------------------------------------------------------------------===//

#include "scanjit/JIT/LoadedLibrary.h"

#include "CallingConvention.h"
#include "FunctionInfo.h"

#include "scanjit/Support/Error.h"

#include <dlfcn.h>

using namespace scanjit;
using namespace scanjit::detail;

namespace {

/// The C identifier `name` must be to be an entry point.
bool isIdentifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9'))
    return false;
  for (char c : name)
    if (!(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
          (c >= 'A' && c <= 'Z')))
      return false;
  return true;
}

/// The description and packed entry point of `name` in `handle`.
std::pair<FunctionInfo, PackedFunction> lookUp(void *handle,
                                               std::string_view name) {
  std::string symbol(name);
  const char *description =
      isIdentifier(name) ? static_cast<const char *>(dlsym(
                               handle, ("_scanjit_function_" + symbol).c_str()))
                         : nullptr;
  void *entry = description
                    ? dlsym(handle, ("_mlir__mlir_ciface_" + symbol).c_str())
                    : nullptr;
  if (!description || !entry)
    throw Error("the library has no function @" + symbol +
                " compiled by scan-compile");
  return {parseFunctionInfo(description),
          reinterpret_cast<PackedFunction>(entry)};
}

} // namespace

std::unique_ptr<LoadedLibrary> LoadedLibrary::open(const std::string &path) {
  // A path without a slash would be searched for; the caller means a file.
  std::string file = path.find('/') == std::string::npos ? "./" + path : path;
  void *handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *message = dlerror();
    throw Error("cannot load '" + path +
                "': " + (message ? message : "unknown error"));
  }
  return std::unique_ptr<LoadedLibrary>(new LoadedLibrary(handle));
}

LoadedLibrary::~LoadedLibrary() { dlclose(handle); }

std::string LoadedLibrary::signature(std::string_view name) const {
  return lookUp(handle, name).first.signatureString();
}

std::vector<Array>
LoadedLibrary::call(std::string_view name,
                    const std::vector<Array> &arguments) const {
  auto [info, entry] = lookUp(handle, name);
  checkArguments(info, arguments);
  return callPacked(info, entry, arguments);
}
