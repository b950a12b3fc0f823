#===- AddScanJIT.cmake - helpers for ScanJIT targets ---------------------===#
#
# scanjit_add_library / scanjit_add_tool / scanjit_add_unittest give every
# project target the same warnings, sanitizer flags and MLIR/LLVM linkage.
#
#===----------------------------------------------------------------------===#

include(GoogleTest)

# LLVM's own flags: -Wall -Wextra without -Wunused-parameter, which the code
# that mlir-tblgen generates (interface defaults, adaptors) trips everywhere.
set(SCANJIT_WARNING_FLAGS -Wall -Wextra -Wno-unused-parameter)
# Like LLVM's build, drop GCC's -Wmaybe-uninitialized: with -fsanitize it
# fires on LLVM's own DenseMap headers.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND SCANJIT_WARNING_FLAGS -Wno-maybe-uninitialized)
endif()
if(SCANJIT_WERROR)
  list(APPEND SCANJIT_WARNING_FLAGS -Werror)
endif()

if(SCANJIT_ENABLE_TSAN AND (SCANJIT_ENABLE_SANITIZERS OR SCANJIT_BUILD_FUZZERS))
  message(FATAL_ERROR "SCANJIT_ENABLE_TSAN cannot be combined with "
    "SCANJIT_ENABLE_SANITIZERS or SCANJIT_BUILD_FUZZERS (ASan): use a build "
    "directory of its own")
endif()

# The fuzz build is an ASan+UBSan build with libFuzzer's coverage
# instrumentation in every project target; the harnesses link libFuzzer's
# main (SCANJIT_FUZZER_LINK_FLAGS, used by fuzz/CMakeLists.txt).
if(SCANJIT_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SCANJIT_BUILD_FUZZERS needs clang (libFuzzer); "
      "configure with -DCMAKE_CXX_COMPILER=clang++-22 -DCMAKE_C_COMPILER=clang-22 "
      "(Debian's clang-22 and libclang-rt-22-dev: scripts/install-deps.sh --fuzz)")
  endif()
  set(SCANJIT_ENABLE_SANITIZERS ON)
  add_compile_options(-fsanitize=fuzzer-no-link)
  set(SCANJIT_FUZZER_LINK_FLAGS -fsanitize=fuzzer)
endif()

if(SCANJIT_ENABLE_SANITIZERS)
  set(SCANJIT_SANITIZER_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  add_compile_options(${SCANJIT_SANITIZER_FLAGS})
  add_link_options(${SCANJIT_SANITIZER_FLAGS})
endif()

# ThreadSanitizer: the project is instrumented, libMLIR and libLLVM are not
# (see the README's "Fuzzing and sanitizers" and unittests/tsan.supp).
if(SCANJIT_ENABLE_TSAN)
  set(SCANJIT_SANITIZER_FLAGS -fsanitize=thread -fno-omit-frame-pointer)
  add_compile_options(${SCANJIT_SANITIZER_FLAGS})
  add_link_options(${SCANJIT_SANITIZER_FLAGS})
endif()

function(scanjit_target_defaults target)
  target_compile_options(${target} PRIVATE ${SCANJIT_WARNING_FLAGS})
  separate_arguments(llvm_definitions UNIX_COMMAND "${LLVM_DEFINITIONS}")
  target_compile_options(${target} PRIVATE ${llvm_definitions})
endfunction()

# scanjit_add_library(name SOURCES... [DEPENDS tablegen-targets...] [LINK_LIBS libs...])
function(scanjit_add_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;LINK_LIBS" ${ARGN})
  add_library(${name} ${ARG_UNPARSED_ARGUMENTS})
  scanjit_target_defaults(${name})
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_link_libraries(${name} PUBLIC ${ARG_LINK_LIBS} ${SCANJIT_MLIR_LIBS})
endfunction()

# scanjit_add_tool(name SOURCES... [LINK_LIBS libs...])
function(scanjit_add_tool name)
  cmake_parse_arguments(ARG "" "" "LINK_LIBS" ${ARGN})
  add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  scanjit_target_defaults(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LINK_LIBS} ${SCANJIT_MLIR_LIBS})
endfunction()

# scanjit_add_unittest(name SOURCES... [LINK_LIBS libs...]) registers a
# GoogleTest binary with ctest, one ctest entry per test case.
function(scanjit_add_unittest name)
  cmake_parse_arguments(ARG "" "" "LINK_LIBS" ${ARGN})
  add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  scanjit_target_defaults(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LINK_LIBS} ${SCANJIT_MLIR_LIBS}
    GTest::gtest GTest::gtest_main)
  set(discover_properties)
  if(SCANJIT_ENABLE_TSAN)
    # Reports fail the test. Accesses that uninstrumented libMLIR/libLLVM
    # make through TSan's interceptors are not reported: their own
    # synchronization is invisible to TSan (see unittests/tsan.supp).
    set(discover_properties PROPERTIES ENVIRONMENT
      "TSAN_OPTIONS=ignore_noninstrumented_modules=1:suppressions=${SCANJIT_SOURCE_DIR}/unittests/tsan.supp:halt_on_error=1:second_deadlock_stack=1")
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST ${discover_properties})
endfunction()

# scanjit_add_aot_object(name SOURCE file.mlir [CPU cpu] [TARGET cpu|cuda])
# compiles the public
# functions of file.mlir ahead of time with scan-compile, at build time, to
# ${CMAKE_CURRENT_BINARY_DIR}/name.o and name.h, and sets ${name}_OBJECT to
# the object's path: list it among an executable's sources and link
# ScanJITRuntimeCPU (and ScanJITRuntimeCUDA for the cuda target).
function(scanjit_add_aot_object name)
  cmake_parse_arguments(ARG "" "SOURCE;CPU;TARGET" "" ${ARGN})
  if(NOT ARG_CPU)
    set(ARG_CPU native)
  endif()
  if(NOT ARG_TARGET)
    set(ARG_TARGET cpu)
  endif()
  set(object ${CMAKE_CURRENT_BINARY_DIR}/${name}.o)
  set(header ${CMAKE_CURRENT_BINARY_DIR}/${name}.h)
  add_custom_command(OUTPUT ${object} ${header}
    COMMAND scan-compile ${ARG_SOURCE} -o ${object} --header ${header}
            --cpu ${ARG_CPU} --target ${ARG_TARGET}
    DEPENDS scan-compile ${ARG_SOURCE}
    COMMENT "scan-compile ${name}.o, ${name}.h"
    VERBATIM)
  set_source_files_properties(${object} PROPERTIES
    EXTERNAL_OBJECT TRUE GENERATED TRUE)
  set(${name}_OBJECT ${object} PARENT_SCOPE)
endfunction()
