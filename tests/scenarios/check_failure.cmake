# Runs sriov-sim on a scenario that must fail and checks the exit code and the message.
#   cmake -DSIM=... -DSCENARIO=... -DEXIT=1 -DPATTERN=regex -P check_failure.cmake
execute_process(COMMAND ${SIM} --scenario ${SCENARIO} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT rc EQUAL ${EXIT})
    message(FATAL_ERROR "expected exit code ${EXIT}, got ${rc}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT err MATCHES "${PATTERN}")
    message(FATAL_ERROR "stderr does not match '${PATTERN}':\n${err}")
endif()
message(STATUS "exit ${rc} as expected; stderr:\n${err}")
