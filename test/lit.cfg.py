# -*- Python -*-
# lit configuration of the ScanJIT test suite: scan-opt round trips,
# diagnostics, transformations and (later) integration runs.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "ScanJIT"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir"]
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "lit.site.cfg.py", "extract-ptx.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.scanjit_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tools = [
    ToolSubst("scan-opt", unresolved="fatal"),
    ToolSubst("scan-run", unresolved="fatal"),
    ToolSubst("scan-compile", unresolved="fatal"),
    ToolSubst("scan-exec", unresolved="fatal"),
    ToolSubst("example-power", unresolved="fatal"),
    ToolSubst("FileCheck", config.filecheck, unresolved="fatal"),
]
llvm_config.add_tool_substitutions(tools, [config.scanjit_tools_dir, config.llvm_tools_dir])

# ptxas (the CUDA toolkit) assembles the PTX the CUDA pipeline emits; tests
# that need it are reported UNSUPPORTED where it is absent.
import shutil
import sys

ptxas = shutil.which("ptxas") or (
    "/usr/local/cuda/bin/ptxas" if os.path.exists("/usr/local/cuda/bin/ptxas") else None
)
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
config.substitutions.append(
    ("%extract-ptx", sys.executable + " " + os.path.join(config.test_source_root, "Pipelines", "extract-ptx.py"))
)
# The C compiler links scan-compile objects into shared libraries.
config.substitutions.append(("%cc", config.cc))
