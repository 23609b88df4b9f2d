# Synthesizes the config-space block with yosys and checks the result
# (CTest label synth, docs/synthesis.md). Run as
#   cmake -DYOSYS=yosys -DSOURCES="a.sv;b.sv" -DTOP=sriov_cfg_space
#         -DPARAMS=TOTAL_VFS=4,INITIAL_VFS=4 -DMIN_FFS=300 -DLOG=out.log
#         -P synth_check.cmake
# Fails when yosys fails, when `check -assert` finds a problem (several
# drivers, combinational loops, undriven nets), or when the `stat` output
# shows no cells or fewer flip-flop bits than MIN_FFS (the state the
# parameters ask for was optimised away). Prints cells and flip-flops.
foreach(v YOSYS SOURCES TOP LOG)
    if(NOT DEFINED ${v})
        message(FATAL_ERROR "synth_check: -D${v}=... is required")
    endif()
endforeach()
if(NOT DEFINED MIN_FFS)
    set(MIN_FFS 1)
endif()

# PARAMS: NAME=VALUE pairs separated by commas (or semicolons).
string(REPLACE "," ";" PARAMS "${PARAMS}")
set(chparam "")
foreach(p ${PARAMS})
    string(REPLACE "=" " " p "${p}")
    string(APPEND chparam " -set ${p}")
endforeach()
string(REPLACE ";" " " files "${SOURCES}")
get_filename_component(stat_file "${LOG}" NAME_WE)
get_filename_component(log_dir "${LOG}" DIRECTORY)
set(stat_file "${log_dir}/${stat_file}.stat")

set(script "read_verilog -sv ${files}")
if(chparam)
    string(APPEND script "; chparam${chparam} ${TOP}")
endif()
string(APPEND script "; synth -top ${TOP}; check -assert; tee -q -o ${stat_file} stat")
message(STATUS "yosys -p '${script}'")
string(TIMESTAMP t0 "%s")
execute_process(COMMAND ${YOSYS} -q -l ${LOG} -p "${script}" RESULT_VARIABLE rc)
string(TIMESTAMP t1 "%s")
math(EXPR seconds "${t1} - ${t0}")
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "synth_check: yosys failed (${rc}); see ${LOG}")
endif()

file(READ ${stat_file} stat)
# With submodules (sriov_req_fsm) stat prints each module, then the totals
# under "design hierarchy": only those count.
string(FIND "${stat}" "=== design hierarchy ===" totals)
if(totals GREATER -1)
    string(SUBSTRING "${stat}" ${totals} -1 stat)
endif()
if(NOT stat MATCHES "Number of cells: +([0-9]+)")
    message(FATAL_ERROR "synth_check: no cell count in the stat output:\n${stat}")
endif()
set(cells ${CMAKE_MATCH_1})
# Flip-flop cells of the internal library ($_DFF_P_, $_SDFFE_PP0P_, ...): one bit each.
set(ffs 0)
string(REGEX MATCHALL "\\$_[A-Z]*DFF[A-Z0-9_]* +[0-9]+" ff_lines "${stat}")
foreach(l ${ff_lines})
    string(REGEX MATCH "[0-9]+$" n "${l}")
    math(EXPR ffs "${ffs} + ${n}")
endforeach()
message("synth ${TOP} ${PARAMS}: ${cells} cells, ${ffs} flip-flops (${seconds} s)")
if(cells EQUAL 0)
    message(FATAL_ERROR "synth_check: synthesis produced no cells")
endif()
if(ffs LESS MIN_FFS)
    message(FATAL_ERROR "synth_check: ${ffs} flip-flops, expected at least ${MIN_FFS}")
endif()
