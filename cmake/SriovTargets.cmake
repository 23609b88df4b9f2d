# Target-scoped build settings for our own code. Nothing here touches the
# global CMAKE_CXX_FLAGS, so Verilator's and SystemC's output keep their own.

# -Werror is for the development presets (CMakePresets.json), not for a
# consumer's add_subdirectory() or a package build with another compiler.
option(SRIOV_WERROR "Treat warnings in our code as errors" OFF)
set(SRIOV_SANITIZE "" CACHE STRING "Sanitizers for our code, e.g. address,undefined")

add_library(sriov_build_flags INTERFACE)
add_library(sriov::build_flags ALIAS sriov_build_flags)
target_compile_options(sriov_build_flags INTERFACE -Wall -Wextra -Wshadow -Wnon-virtual-dtor
                                                   -Wold-style-cast -Wcast-align -Wpedantic)
if(SRIOV_WERROR)
    target_compile_options(sriov_build_flags INTERFACE -Werror)
endif()

# No path of the build machine in what we compile: __FILE__ (SystemC reports
# name their source file) and the debug information name source files
# relative to the source tree, and generated files as build/... (test
# install_has_no_build_path, cmake/SriovInstall.cmake).
add_compile_options(-ffile-prefix-map=${PROJECT_SOURCE_DIR}/=
                    -ffile-prefix-map=${PROJECT_BINARY_DIR}/=build/)

# Sanitizers apply to everything we link (they must reach the final link line).
add_library(sriov_sanitize INTERFACE)
add_library(sriov::sanitize ALIAS sriov_sanitize)
set_target_properties(sriov_sanitize PROPERTIES EXPORT_NAME sanitize)
if(SRIOV_SANITIZE)
    target_compile_options(sriov_sanitize INTERFACE -fsanitize=${SRIOV_SANITIZE}
                                                    -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(sriov_sanitize INTERFACE -fsanitize=${SRIOV_SANITIZE})
endif()

# C++ line/branch coverage (preset "coverage", scripts/coverage.sh): gcov
# instrumentation of our code only (not Verilator's or SystemC's output), at
# -O0 (after the build type's -O2: it wins) so lines and branches are the
# source's; the Verilated RTL keeps -O2.
option(SRIOV_CXX_COVERAGE "Instrument our code for gcov line/branch coverage" OFF)
if(SRIOV_CXX_COVERAGE)
    target_compile_options(sriov_sanitize INTERFACE --coverage -O0)
    target_link_options(sriov_sanitize INTERFACE --coverage)
endif()

# Fuzzing (preset "fuzz", clang): all of our code gets libFuzzer's coverage
# instrumentation, so a fuzz target is guided through the libraries it calls;
# only the fuzz executables link libFuzzer itself (tests/fuzz).
option(SRIOV_FUZZ "Build the libFuzzer targets (clang)" OFF)
if(SRIOV_FUZZ)
    target_compile_options(sriov_sanitize INTERFACE -fsanitize=fuzzer-no-link)
endif()

# SystemC + TLM as one target; the define pins the C++17 API version check.
add_library(sriov_systemc INTERFACE)
add_library(sriov::systemc ALIAS sriov_systemc)
set_target_properties(sriov_systemc PROPERTIES EXPORT_NAME systemc)
target_link_libraries(sriov_systemc INTERFACE PkgConfig::SYSTEMC)
target_compile_definitions(sriov_systemc INTERFACE SC_CPLUSPLUS=201703L SC_INCLUDE_DYNAMIC_PROCESSES)
target_compile_features(sriov_systemc INTERFACE cxx_std_17) # for consumers too

# sriov_add_library(name SOURCES ... [PUBLIC_LIBS ...] [INCLUDE dir])
function(sriov_add_library NAME)
    cmake_parse_arguments(A "" "" "INCLUDE;SOURCES;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
    add_library(${NAME} STATIC ${A_SOURCES})
    if(NOT A_INCLUDE)
        set(A_INCLUDE ${CMAKE_CURRENT_SOURCE_DIR}/include)
    endif()
    # The header folders cmake/SriovInstall.cmake installs for this library.
    set_property(TARGET ${NAME} PROPERTY SRIOV_HEADER_DIRS ${A_INCLUDE})
    # Installed, every library's headers are in one tree: <prefix>/include/sriov/...
    foreach(dir ${A_INCLUDE})
        target_include_directories(${NAME} PUBLIC $<BUILD_INTERFACE:${dir}>)
    endforeach()
    target_include_directories(${NAME} INTERFACE $<INSTALL_INTERFACE:include>)
    # Every library is also sriov::<name> (sriov_root_complex -> sriov::root_complex),
    # in the build tree and in the installed package (cmake/SriovInstall.cmake).
    string(REGEX REPLACE "^sriov_" "" short ${NAME})
    add_library(sriov::${short} ALIAS ${NAME})
    set_target_properties(${NAME} PROPERTIES EXPORT_NAME ${short})
    target_link_libraries(${NAME} PUBLIC ${A_PUBLIC_LIBS} sriov::sanitize
                                  PRIVATE ${A_PRIVATE_LIBS} $<BUILD_INTERFACE:sriov::build_flags>)
endfunction()

# sriov_add_test(name SOURCES ... LIBS ... LABELS ... [SYSTEMC] [ARGS ...])
# A plain test links sriov_test_main and is discovered test by test. A SYSTEMC test
# is one elaboration: its sc_main (tests/support) runs every TEST in one process
# and fails on any SystemC warning or error that the test did not expect.
function(sriov_add_test NAME)
    cmake_parse_arguments(T "SYSTEMC" "TIMEOUT" "SOURCES;LIBS;LABELS;ARGS" ${ARGN})
    add_executable(${NAME} ${T_SOURCES})
    target_link_libraries(${NAME} PRIVATE ${T_LIBS} sriov::build_flags sriov::sanitize
                                          GTest::gtest GTest::gmock)
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    if(T_SYSTEMC)
        target_link_libraries(${NAME} PRIVATE sriov::sc_test_main)
        add_test(NAME ${NAME} COMMAND ${NAME} ${T_ARGS})
        # set_property takes the label list as it is (set_tests_properties would split it).
        set_property(TEST ${NAME} PROPERTY LABELS ${T_LABELS})
        set_property(TEST ${NAME} PROPERTY TIMEOUT ${T_TIMEOUT})
    else()
        target_link_libraries(${NAME} PRIVATE sriov::test_main)
        include(GoogleTest)
        # Escape the list so that every discovered test gets all its labels.
        string(REPLACE ";" "\\;" labels "${T_LABELS}")
        gtest_discover_tests(${NAME} EXTRA_ARGS ${T_ARGS}
                             PROPERTIES LABELS "${labels}" TIMEOUT ${T_TIMEOUT}
                             DISCOVERY_TIMEOUT 60)
    endif()
endfunction()

# sriov_add_sim_failure_test(name SCENARIO file EXIT n PATTERN regex LABELS ...
#                            [EXTRA args...] [OUTPUT_ALL] [TIMEOUT s])
# A run of sriov-sim on a scenario that must fail (cmake/check_sim_failure.cmake):
# exit code n, and PATTERN found on stderr (with OUTPUT_ALL, on stdout and stderr).
function(sriov_add_sim_failure_test NAME)
    cmake_parse_arguments(PARSE_ARGV 1 F "OUTPUT_ALL" "SCENARIO;EXIT;PATTERN;TIMEOUT"
                          "EXTRA;LABELS")
    set(defs -DSIM=$<TARGET_FILE:sriov-sim> -DSCENARIO=${F_SCENARIO} -DEXIT=${F_EXIT}
             "-DPATTERN=${F_PATTERN}")
    if(F_EXTRA)
        string(JOIN " " extra ${F_EXTRA})
        list(APPEND defs "-DEXTRA=${extra}")
    endif()
    if(F_OUTPUT_ALL)
        list(APPEND defs -DOUTPUT=all)
    endif()
    if(NOT F_TIMEOUT)
        set(F_TIMEOUT 60)
    endif()
    add_test(NAME ${NAME}
             COMMAND ${CMAKE_COMMAND} ${defs} -P ${PROJECT_SOURCE_DIR}/cmake/check_sim_failure.cmake)
    set_property(TEST ${NAME} PROPERTY LABELS ${F_LABELS})
    set_property(TEST ${NAME} PROPERTY TIMEOUT ${F_TIMEOUT})
endfunction()
