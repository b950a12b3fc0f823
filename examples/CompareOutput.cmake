#===- CompareOutput.cmake - Run a program, compare its output ------------===#
#
# cmake -DPROGRAM=... -DEXPECTED=... -P CompareOutput.cmake fails unless the
# program exits with 0 and prints exactly the contents of EXPECTED.
#
#===----------------------------------------------------------------------===#

execute_process(COMMAND ${PROGRAM} OUTPUT_VARIABLE actual
                ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${status}:\n${errors}")
endif()
file(READ ${EXPECTED} expected)
if(NOT actual STREQUAL expected)
  message(FATAL_ERROR "${PROGRAM} printed:\n${actual}\nexpected:\n${expected}")
endif()
