# The capability walk of a CAP+OFFSET step is software's lookup before the
# step's own access: its reads are in the step's --log record (the `tlps`
# list, first), the step's `tlp_count` is its own requests only. Runs SIM on
# SCENARIO (with the EXTRA arguments) with --log LOG and checks the record of
# step STEP.
#   cmake -DSIM=... -DSCENARIO=... ["-DEXTRA=a b"] -DLOG=... -DSTEP=n -DCOUNT=n
#         -DLISTED=n -DFIRST=regex -P check_walk_log.cmake
separate_arguments(EXTRA)
execute_process(COMMAND ${SIM} --quiet ${EXTRA} --scenario ${SCENARIO} --log ${LOG}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sriov-sim exited ${rc}")
endif()
file(STRINGS ${LOG} record REGEX "\"kind\":\"scenario_step\",\"step\":${STEP},")
list(LENGTH record found)
if(NOT found EQUAL 1)
    message(FATAL_ERROR "${found} records of step ${STEP} in ${LOG}")
endif()
string(JSON count GET "${record}" tlp_count)
string(JSON listed LENGTH "${record}" tlps)
string(JSON first GET "${record}" tlps 0)
if(NOT count EQUAL ${COUNT} OR NOT listed EQUAL ${LISTED} OR NOT first MATCHES "${FIRST}")
    message(FATAL_ERROR "step ${STEP}: tlp_count ${count} (expected ${COUNT}), ${listed} TLPs "
                        "listed (expected ${LISTED}), first '${first}' (expected ${FIRST})")
endif()
message(STATUS "step ${STEP}: tlp_count ${count}, ${listed} TLPs listed, first: ${first}")
