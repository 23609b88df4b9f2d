# sriov-sim --import-dump end to end: the Linux flow's --dump-config of a
# description, imported with --bar-size, run again with the imported
# description: the two dumps are byte-identical.
#   cmake -DSIM=sriov-sim -DDEVICE=file.toml -DWORK=dir -DSIZES=a;b -P import_round_trip.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "exit ${rc}: ${ARGN}\n${out}${err}")
    endif()
endfunction()

set(flow --quiet --flow linux --num-vfs 2)
run(${SIM} ${flow} --device ${DEVICE} --dump-config ${WORK}/original.lspci)
set(bar_sizes)
foreach(s IN LISTS SIZES)
    list(APPEND bar_sizes --bar-size ${s})
endforeach()
run(${SIM} --import-dump ${WORK}/original.lspci --write-device ${WORK}/imported.toml ${bar_sizes})
run(${SIM} ${flow} --device ${WORK}/imported.toml --dump-config ${WORK}/again.lspci)
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/original.lspci
                        ${WORK}/again.lspci RESULT_VARIABLE differ)
if(differ)
    message(FATAL_ERROR "the dump of the imported description differs from the original's")
endif()
