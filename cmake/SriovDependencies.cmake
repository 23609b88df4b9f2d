# Every dependency comes from a Debian 12 package, found the standard way.
# scripts/quickstart.sh installs them; the list there and here must agree.
#
# The model libraries (models/, sw-stubs/, tb/platform) need only SystemC and
# what they link: tomlplusplus, {fmt}, nlohmann-json. Everything else is behind
# an option, OFF unless set (the development presets in CMakePresets.json set
# them ON), so that add_subdirectory() or a package build of the model needs
# none of GoogleTest, Google Benchmark, Verilator or CLI11.
option(BUILD_TESTING "Build the tests and fuzz replays (needs SRIOV_BUILD_TOOLS, GoogleTest)" OFF)
# A consumer's include(CTest) turns BUILD_TESTING on for its own tests: ours
# are built only when sriov-tlm is the top-level project.
if(BUILD_TESTING AND PROJECT_IS_TOP_LEVEL)
    set(SRIOV_TESTS ON)
else()
    set(SRIOV_TESTS OFF)
endif()
option(SRIOV_BUILD_RTL "Build the Verilated RTL variants and the cross-check (Verilator)" OFF)
option(SRIOV_BUILD_TOOLS "Build sriov-sim and sriov-xcheck (needs SRIOV_BUILD_RTL, CLI11)" OFF)
option(SRIOV_BUILD_BENCHMARKS "Build the benchmarks (needs SRIOV_BUILD_RTL, Google Benchmark)"
       OFF)
option(SRIOV_BUILD_EXAMPLES "Build the examples/ programs and run them as tests" OFF)

# sriov-sim runs --rtl-check and the tests run the tools: each needs the one below it.
foreach(pair "SRIOV_BUILD_TOOLS;SRIOV_BUILD_RTL" "SRIOV_TESTS;SRIOV_BUILD_TOOLS"
             "SRIOV_BUILD_BENCHMARKS;SRIOV_BUILD_RTL")
    list(GET pair 0 wanted)
    list(GET pair 1 needed)
    if(${wanted} AND NOT ${needed})
        string(REPLACE SRIOV_TESTS BUILD_TESTING wanted ${wanted})
        message(FATAL_ERROR "${wanted}=ON needs ${needed}=ON")
    endif()
endforeach()

find_package(PkgConfig REQUIRED)
pkg_check_modules(SYSTEMC REQUIRED IMPORTED_TARGET systemc>=2.3.4 tlm)
# Device descriptions (TOML, libtomlplusplus-dev); linked by models/config only.
pkg_check_modules(TOMLPLUSPLUS REQUIRED IMPORTED_TARGET tomlplusplus>=3)
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt 9 REQUIRED) # formatting (libfmt-dev)
if(SRIOV_TESTS)
    find_package(GTest REQUIRED)
    find_program(LSPCI_EXECUTABLE lspci PATHS /usr/bin /usr/sbin /bin /sbin)
endif()
if(SRIOV_BUILD_BENCHMARKS)
    find_package(benchmark REQUIRED)
endif()
if(SRIOV_BUILD_TOOLS)
    find_package(CLI11 REQUIRED)
endif()
if(SRIOV_BUILD_RTL)
    find_package(verilator 5 REQUIRED HINTS $ENV{VERILATOR_ROOT} /usr/share/verilator)
endif()
