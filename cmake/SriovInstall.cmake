# cmake --install: the model libraries, their headers in one tree
# (<prefix>/include/sriov/...), the CMake package SriovTlm (namespaced targets
# sriov::platform, sriov::config, ...), a pkg-config file sriov-tlm.pc, and
# with SRIOV_BUILD_TOOLS sriov-sim and sriov-xcheck. Components: "dev" (the
# library) and "tools"; CPack makes them the Debian packages libsriov-tlm-dev
# and sriov-tlm-tools (cmake/SriovPackage.cmake). docs/library.md uses them.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Another project's add_subdirectory() does not install us unless asked.
option(SRIOV_INSTALL "Generate the install rules of sriov-tlm" ${PROJECT_IS_TOP_LEVEL})
if(NOT SRIOV_INSTALL)
    return()
endif()

# The model, in link order (a library before what it uses): the pkg-config
# file lists them in this order.
set(SRIOV_INSTALLED_LIBRARIES
    sriov_platform sriov_sw_stubs sriov_endpoint sriov_endpoint_datapath sriov_root_complex
    sriov_link sriov_link_timing sriov_config sriov_text sriov_tlp sriov_pcie_tlm sriov_pcie)
# With SRIOV_BUILD_RTL also the RTL shadow (docs/library.md, "The RTL
# shadow"): the Verilated blocks with Verilator's runtime (sriov::rtl), their
# pin-level driver and the shadow that checks an endpoint against them.
set(SRIOV_INSTALLED_RTL_LIBRARIES)
if(SRIOV_BUILD_RTL)
    set(SRIOV_INSTALLED_RTL_LIBRARIES sriov_crosscheck_variants sriov_crosscheck
        sriov_rtl_layout sriov_rtl_driver)
endif()
set(SRIOV_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/SriovTlm)

# The Windows-type headers (#include "win/pcivirt.h") go to include/sriov/win,
# so the stubs' users also get include/sriov on their include path.
target_include_directories(sriov_sw_stubs INTERFACE
                           $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/sriov>)

install(TARGETS ${SRIOV_INSTALLED_LIBRARIES} sriov_systemc sriov_sanitize
        EXPORT SriovTlmTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
if(SRIOV_BUILD_RTL)
    install(TARGETS ${SRIOV_INSTALLED_RTL_LIBRARIES} sriov_rtl EXPORT SriovTlmTargets
            ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
endif()

# Each library's header folders merge into one tree; sriov/flows is the
# command line's run request (tools only).
foreach(lib ${SRIOV_INSTALLED_LIBRARIES} ${SRIOV_INSTALLED_RTL_LIBRARIES})
    get_target_property(dirs ${lib} SRIOV_HEADER_DIRS)
    foreach(dir ${dirs})
        install(DIRECTORY ${dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev
                FILES_MATCHING PATTERN "*.h" PATTERN "win" EXCLUDE PATTERN "flows" EXCLUDE)
        if(IS_DIRECTORY ${dir}/win)
            install(DIRECTORY ${dir}/win DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/sriov
                    COMPONENT dev)
        endif()
    endforeach()
endforeach()

install(EXPORT SriovTlmTargets NAMESPACE sriov:: DESTINATION ${SRIOV_CMAKE_DIR} COMPONENT dev)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/SriovTlmConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/SriovTlmConfig.cmake
                              INSTALL_DESTINATION ${SRIOV_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/SriovTlmConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/SriovTlmConfig.cmake
              ${PROJECT_BINARY_DIR}/SriovTlmConfigVersion.cmake
        DESTINATION ${SRIOV_CMAKE_DIR} COMPONENT dev)

# pkg-config: relocatable (the prefix is found from the .pc file's folder).
set(SRIOV_PC_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH SRIOV_PC_TO_PREFIX /prefix/${SRIOV_PC_DIR} /prefix)
list(TRANSFORM SRIOV_INSTALLED_LIBRARIES PREPEND -l OUTPUT_VARIABLE SRIOV_PC_LIBS)
list(JOIN SRIOV_PC_LIBS " " SRIOV_PC_LIBS)
configure_file(${CMAKE_CURRENT_LIST_DIR}/sriov-tlm.pc.in ${PROJECT_BINARY_DIR}/sriov-tlm.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/sriov-tlm.pc DESTINATION ${SRIOV_PC_DIR} COMPONENT dev)

if(SRIOV_BUILD_TOOLS)
    install(TARGETS sriov-sim sriov-xcheck RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
            COMPONENT tools)
    # The shipped device descriptions and scenarios, for --device and --scenario.
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/profiles ${PROJECT_SOURCE_DIR}/tb/scenarios
            DESTINATION ${CMAKE_INSTALL_DATADIR}/sriov-tlm COMPONENT tools)
endif()

include(SriovPackage)

# Nothing installed, binaries included, names this machine's folders (the
# RTL variants are Verilated with source names relative to rtl/).
# Not in sanitizer builds: ASan/UBSan keep their source locations unmapped by
# -ffile-prefix-map, and such a build is never installed or packaged; nor in
# the coverage build (gcov writes the .gcda paths into every program).
if(SRIOV_TESTS AND NOT SRIOV_SANITIZE AND NOT SRIOV_CXX_COVERAGE)
    add_test(NAME install_has_no_build_path
             COMMAND ${CMAKE_COMMAND} -DBUILD=${PROJECT_BINARY_DIR} -DSOURCE=${PROJECT_SOURCE_DIR}
                     -DPREFIX=${PROJECT_BINARY_DIR}/install-check
                     -P ${CMAKE_CURRENT_LIST_DIR}/check_install_paths.cmake)
    set_tests_properties(install_has_no_build_path PROPERTIES LABELS conformance TIMEOUT 300)
endif()
