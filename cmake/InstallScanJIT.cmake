#===- InstallScanJIT.cmake - cmake --install and the CMake package -------===#
#
# Installs the libraries (static), the public and generated headers, the
# tools and a CMake package: find_package(ScanJIT CONFIG REQUIRED), then
# target_link_libraries(app PRIVATE ScanJIT::ScanJIT).
#
#===----------------------------------------------------------------------===#

include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(SCANJIT_INSTALLED_LIBRARIES
  ScanJITFrontend ScanJITJIT ScanJITCall ScanJITArray ScanJITRegistration
  ScanJITPipelines ScanJITConversion ScanJITScanTransforms ScanJITTransforms
  ScanJITScanDialect ScanJITRuntimeCPU ScanJITRuntimeCUDA)
install(TARGETS ${SCANJIT_INSTALLED_LIBRARIES}
  EXPORT ScanJITTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS scan-opt scan-run scan-compile scan-exec
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${SCANJIT_SOURCE_DIR}/include/scanjit
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "*.td")
install(DIRECTORY ${SCANJIT_BINARY_DIR}/include/scanjit
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.inc" PATTERN "CMakeFiles" EXCLUDE)

set(SCANJIT_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/ScanJIT)
install(EXPORT ScanJITTargets NAMESPACE ScanJIT::
  DESTINATION ${SCANJIT_PACKAGE_DIR})
configure_package_config_file(
  ${SCANJIT_SOURCE_DIR}/cmake/ScanJITConfig.cmake.in
  ${SCANJIT_BINARY_DIR}/ScanJITConfig.cmake
  INSTALL_DESTINATION ${SCANJIT_PACKAGE_DIR})
write_basic_package_version_file(
  ${SCANJIT_BINARY_DIR}/ScanJITConfigVersion.cmake
  VERSION 0.1.0 COMPATIBILITY SameMinorVersion)
install(FILES ${SCANJIT_BINARY_DIR}/ScanJITConfig.cmake
  ${SCANJIT_BINARY_DIR}/ScanJITConfigVersion.cmake
  DESTINATION ${SCANJIT_PACKAGE_DIR})
