# A CTest step for runs of sriov-sim that must fail: runs it on SCENARIO with
# the EXTRA arguments, then checks the exit code and the output.
#   cmake -DSIM=... -DSCENARIO=... -DEXIT=1 -DPATTERN=regex ["-DEXTRA=a b"]
#         [-DOUTPUT=all] -P check_sim_failure.cmake
# PATTERN must match stderr, or with OUTPUT=all stdout and stderr together,
# in either order (sriov-sim prints SystemC's warnings and errors on stderr,
# its summary on stdout). CMake adds such a test with
# sriov_add_sim_failure_test (cmake/SriovTargets.cmake).
separate_arguments(EXTRA)
execute_process(COMMAND ${SIM} ${EXTRA} --scenario ${SCENARIO} RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(OUTPUT STREQUAL "all")
    set(checked "${out}${err}")
    if(NOT checked MATCHES "${PATTERN}")
        set(checked "${err}${out}")
    endif()
else()
    set(checked "${err}")
endif()
if(NOT rc EQUAL ${EXIT})
    message(FATAL_ERROR "expected exit code ${EXIT}, got ${rc}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT checked MATCHES "${PATTERN}")
    message(FATAL_ERROR "output does not match '${PATTERN}':\nstdout:\n${out}\nstderr:\n${err}")
endif()
message(STATUS "exit ${rc} as expected:\n${checked}")
