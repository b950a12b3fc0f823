#===- TestConsumer.cmake - the ctest test consumer.find-package ----------===#
#
# cmake -DBUILD=<scanjit build> -DSOURCE=<examples/consumer> -DWORK=<dir>
#       -P TestConsumer.cmake
# installs the build into WORK/prefix, configures and builds the consumer
# against it (find_package(ScanJIT)), runs it and checks its output.
#
#===----------------------------------------------------------------------===#

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status
    OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed (${status}): ${ARGN}\n${output}")
  endif()
  set(output "${output}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
run(${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/prefix)
run(${CMAKE_COMMAND} -S ${SOURCE} -B ${WORK}/build -G Ninja
    -DCMAKE_PREFIX_PATH=${WORK}/prefix -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${WORK}/build)
run(${WORK}/build/consumer)
string(STRIP "${output}" output)
if(NOT output STREQUAL "[ 1.  3.  6. 10.]")
  message(FATAL_ERROR "the consumer printed '${output}'")
endif()
message(STATUS "the consumer printed ${output}")
