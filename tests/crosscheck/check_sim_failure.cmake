# Runs sriov-sim with EXTRA arguments on a scenario that must fail; checks the
# exit code and that stdout+stderr match PATTERN.
#   cmake -DSIM=... -DSCENARIO=... -DEXIT=1 -DPATTERN=regex "-DEXTRA=a b" -P check_sim_failure.cmake
separate_arguments(EXTRA)
execute_process(COMMAND ${SIM} ${EXTRA} --scenario ${SCENARIO} RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
if(NOT rc EQUAL ${EXIT})
    message(FATAL_ERROR "expected exit code ${EXIT}, got ${rc}\n${all}")
endif()
if(NOT all MATCHES "${PATTERN}")
    message(FATAL_ERROR "output does not match '${PATTERN}':\n${all}")
endif()
message(STATUS "exit ${rc} as expected:\n${all}")
