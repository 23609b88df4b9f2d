# CPack: Debian packages of the install components (cmake/SriovInstall.cmake).
#   libsriov-tlm-dev  headers, static libraries, CMake package, pkg-config file
#   sriov-tlm-tools   sriov-sim, sriov-xcheck, the shipped devices and scenarios
# Build them from a configured tree: cpack --config <build>/CPackConfig.cmake
# (.ci/steps/install.sh; docs/library.md).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sriov-tlm)
set(CPACK_PACKAGE_VENDOR "sriov-tlm")
set(CPACK_PACKAGE_CONTACT "sriov-tlm developers <sriov-tlm@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL dev)
if(SRIOV_BUILD_TOOLS)
    list(APPEND CPACK_COMPONENTS_ALL tools)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libsriov-tlm-dev)
string(CONCAT CPACK_COMPONENT_DEV_DESCRIPTION
       "SystemC/TLM-2.0 model of PCIe SR-IOV hardware: the library\n"
       "Root complex, PCIe link, SR-IOV endpoint, configuration-space model and the\n"
       "Windows SR-IOV API stubs as static libraries with their headers, a CMake\n"
       "package (find_package(SriovTlm)) and a pkg-config file (sriov-tlm).")
# The static libraries need these at the consumer's link.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libsystemc-dev (>= 2.3.4), libtomlplusplus-dev (>= 3), libfmt-dev (>= 9), nlohmann-json3-dev (>= 3), pkg-config")
if(SRIOV_BUILD_RTL) # the RTL shadow: Verilator's runtime headers, zlib (its FST writer)
    string(APPEND CPACK_DEBIAN_DEV_PACKAGE_DEPENDS ", verilator (>= 5.006), zlib1g-dev")
endif()

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME sriov-tlm-tools)
string(CONCAT CPACK_COMPONENT_TOOLS_DESCRIPTION
       "SystemC/TLM-2.0 model of PCIe SR-IOV hardware: sriov-sim and sriov-xcheck\n"
       "The co-simulation program (Windows and Linux SR-IOV flows, scenarios, VCD)\n"
       "and the RTL cross-check, with the shipped device descriptions.")
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION science)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SHLIBDEPS ON)

include(CPack)
