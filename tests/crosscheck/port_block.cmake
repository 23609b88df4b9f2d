# The configurable block (rtl/sriov_cfg_port_space.sv, docs/verification.md
# "Any device description"): every description gets an RTL check.
#   - sriov-sim --device D --rtl-check (Linux enable flow) in LT and AT for
#     every shipped description, a stride-0 single-VF device and an
#     ARI-dependent one (profiles/nvidia-connectx7.toml has 2 PFs);
#   - sriov-xcheck --device F: directed sequences and random seeds on three
#     descriptions other than the default one;
#   - the default device on the block (--variant port_fast), and its three
#     fault builds, which must be caught as the fixed block's are.
set(_here ${CMAKE_CURRENT_LIST_DIR})
file(GLOB _shipped ${PROJECT_SOURCE_DIR}/profiles/*.toml)
set(_own ${_here}/stride0_one_vf.toml ${_here}/ari_dependent.toml)
foreach(f ${_shipped} ${_own})
    get_filename_component(n ${f} NAME_WE)
    string(REPLACE "-" "_" n ${n})
    set(vfs)
    if(n STREQUAL "stride0_one_vf")
        set(vfs --num-vfs 1) # TotalVFs 1
    endif()
    foreach(m lt at)
        add_test(NAME xcheck_device_${n}_${m}
                 COMMAND ${_sim} --quiet --rtl-check --device ${f} --flow linux --mode ${m} ${vfs})
        set_tests_properties(xcheck_device_${n}_${m} PROPERTIES LABELS crosscheck TIMEOUT 300)
    endforeach()
endforeach()

# Random seeds and directed sequences on descriptions.
set(_xc_devices ${_here}/stride0_one_vf.toml ${_here}/ari_dependent.toml
                ${PROJECT_SOURCE_DIR}/profiles/nvidia-connectx7.toml)
set(SRIOV_XCHECK_DEVICE_TLPS 20000 CACHE STRING "Request TLPs per description seed (crosscheck)")
set(SRIOV_REGRESSION_DEVICE_SEEDS 10 CACHE STRING "Seeds per description in the regression label")
# 100k TLPs per regression description seed, not the main device's 200k: the
# configurable block cross-checks about 120 k TLPs/s (it is sized for any
# description: 8 PFs of 128 DWs, a 65536-VF pool), a tenth of the fixed
# block, so 200k-TLP seeds took about 55 s of the label's CPU, more than a
# third of it; at 100k every description seed tried already hits all goal
# bins of its description (seeds 1000, 1003, 1007: 468 of 468 on
# stride0_one_vf and ari_dependent, 572 of 572 on nvidia-connectx7). The
# 400 main-device seeds keep SRIOV_XCHECK_TLPS.
set(SRIOV_REGRESSION_DEVICE_TLPS 100000 CACHE STRING "Request TLPs per description seed (regression)")
foreach(f ${_xc_devices})
    get_filename_component(n ${f} NAME_WE)
    string(REPLACE "-" "_" n ${n})
    _xc_test(xcheck_device_${n}_sriov crosscheck 300 --device ${f} --sequence sriov)
    _xc_test(xcheck_device_${n}_registers crosscheck 300 --device ${f} --sequence registers)
    foreach(i 1 2)
        _xc_test(xcheck_device_${n}_seed_${i} crosscheck 300 --device ${f} --seed ${i}
                 --tlps ${SRIOV_XCHECK_DEVICE_TLPS})
    endforeach()
    math(EXPR _last "${SRIOV_REGRESSION_FIRST_SEED} + ${SRIOV_REGRESSION_DEVICE_SEEDS} - 1")
    foreach(i RANGE ${SRIOV_REGRESSION_FIRST_SEED} ${_last})
        _xc_test(regression_device_${n}_seed_${i} regression 600 --device ${f} --seed ${i}
                 --tlps ${SRIOV_REGRESSION_DEVICE_TLPS})
    endforeach()
endforeach()

# Every shipped description through sriov-xcheck: one short random seed each
# (SRIOV_XCHECK_SHIPPED_TLPS; the final sweep reads every enabled VF, so a
# large device costs seconds, not the TLPs), and the directed sequences on
# intel-arria10-sriov (SR-IOV at 0x200, ATS at 0x3C0: capabilities high in the
# extended space, once refused by the stimulus; 2048 VFs).
set(SRIOV_XCHECK_SHIPPED_TLPS 3000 CACHE STRING "Request TLPs per shipped description (crosscheck)")
foreach(f ${_shipped})
    if(f IN_LIST _xc_devices)
        continue() # its seeds run above
    endif()
    get_filename_component(n ${f} NAME_WE)
    string(REPLACE "-" "_" n ${n})
    _xc_test(xcheck_shipped_${n}_seed_1 crosscheck 300 --device ${f} --seed 1
             --tlps ${SRIOV_XCHECK_SHIPPED_TLPS})
endforeach()
foreach(s pfs sriov registers)
    _xc_test(xcheck_shipped_intel_arria10_sriov_${s} crosscheck 120
             --device ${PROJECT_SOURCE_DIR}/profiles/intel-arria10-sriov.toml --sequence ${s})
endforeach()

# The pfs sequence (stimulus_pfs.cpp: every PF's CRS windows, D-states, VF
# Enable, VF and PF FLRs, then UR logging with the AER Header Log) on the
# block, declaring its "block/..." functional goal bins: the default device
# (no AER), a two-PF one, an ARI-dependent one, and soft_reset_aer.toml (PM
# without No_Soft_Reset on PF and VFs, AER), which also runs the other
# sequences and two seeds; and on the fixed block.
_xc_test(xcheck_port_pfs crosscheck 120 --variant port_fast --sequence pfs)
_xc_test(xcheck_pfs crosscheck 120 --sequence pfs)
foreach(f ${_here}/ari_dependent.toml ${PROJECT_SOURCE_DIR}/profiles/nvidia-connectx7.toml)
    get_filename_component(n ${f} NAME_WE)
    string(REPLACE "-" "_" n ${n})
    _xc_test(xcheck_device_${n}_pfs crosscheck 120 --device ${f} --sequence pfs)
endforeach()
set(_soft ${_here}/soft_reset_aer.toml)
foreach(s pfs sriov registers)
    _xc_test(xcheck_device_soft_reset_aer_${s} crosscheck 300 --device ${_soft} --sequence ${s})
endforeach()
foreach(i 1 2)
    _xc_test(xcheck_device_soft_reset_aer_seed_${i} crosscheck 300 --device ${_soft} --seed ${i}
             --tlps ${SRIOV_XCHECK_DEVICE_TLPS})
endforeach()

# The default device on the configurable block.
_xc_test(xcheck_port_registers crosscheck 300 --variant port_fast --sequence registers)
_xc_test(xcheck_port_sriov crosscheck 120 --variant port_fast --sequence sriov)
_xc_test(xcheck_port_seed_1 crosscheck 300 --variant port_fast --seed 1 --tlps 50000)

# Its fault builds are caught like the fixed block's.
add_test(NAME xcheck_port_fault_vf_cmd_mse_caught
         COMMAND ${_xc} --variant port_fault_vf_cmd_mse --sequence registers --expect-mismatch)
set_tests_properties(xcheck_port_fault_vf_cmd_mse_caught PROPERTIES
    PASS_REGULAR_EXPRESSION "RTL/TLM mismatch \\(data\\)[^\n]*\\[02:[^]]* offset 0x004\\]")
add_test(NAME xcheck_port_fault_numvfs_unlocked_caught
         COMMAND ${_xc} --variant port_fault_numvfs_unlocked --sequence sriov --expect-mismatch)
set_tests_properties(xcheck_port_fault_numvfs_unlocked_caught PROPERTIES
    PASS_REGULAR_EXPRESSION "RTL/TLM mismatch \\(data\\)[^\n]*offset 0x170\\]")
add_test(NAME xcheck_port_fault_ep_cycles_caught
         COMMAND ${_xc} --variant port_fault_ep_cycles --sequence registers --expect-mismatch)
set_tests_properties(xcheck_port_fault_ep_cycles_caught PROPERTIES
    PASS_REGULAR_EXPRESSION "RTL/TLM mismatch \\(cycles\\)[^\n]*\n  TLM: [^\n]*cycles 4\n  RTL: [^\n]*cycles 5")
set_tests_properties(xcheck_port_fault_vf_cmd_mse_caught xcheck_port_fault_numvfs_unlocked_caught
                     xcheck_port_fault_ep_cycles_caught PROPERTIES LABELS crosscheck TIMEOUT 300)

# --rtl-variant naming the configurable block or one of its fault builds runs
# it on the description given (like the automatic choice), in LT and AT; the
# fault builds named so are caught on intel-arria10-sriov (vf_rules_arria10.sriov);
# a description larger than the block's build is refused with the block's
# reason, whether the block is named or chosen (exit 2: check_cli.cmake).
set(_forced_devices ${PROJECT_SOURCE_DIR}/profiles/nvidia-connectx7.toml
                    ${PROJECT_SOURCE_DIR}/profiles/intel-arria10-sriov.toml ${_here}/stride0_one_vf.toml)
foreach(v port port_fast)
    foreach(f ${_forced_devices})
        get_filename_component(n ${f} NAME_WE)
        string(REPLACE "-" "_" n ${n})
        set(vfs)
        if(n STREQUAL "stride0_one_vf")
            set(vfs --num-vfs 1)
        endif()
        foreach(m lt at)
            set(t xcheck_forced_${v}_${n}_${m})
            add_test(NAME ${t} COMMAND ${_sim} --rtl-check --rtl-variant ${v} --device ${f}
                                       --flow linux --mode ${m} ${vfs})
            set_tests_properties(${t} PROPERTIES LABELS crosscheck TIMEOUT 120
                PASS_REGULAR_EXPRESSION "rtl-check: PASS: [^\n]*\\(${v}\\), [^\n]*, 0 mismatches")
        endforeach()
    endforeach()
endforeach()
set(_a10 ${PROJECT_SOURCE_DIR}/profiles/intel-arria10-sriov.toml)
add_test(NAME xcheck_forced_port_scenario_vf_rules_arria10
         COMMAND ${_sim} --quiet --rtl-check --rtl-variant port --device ${_a10}
                 --scenario ${_here}/vf_rules_arria10.sriov)
set_tests_properties(xcheck_forced_port_scenario_vf_rules_arria10 PROPERTIES
                     LABELS crosscheck TIMEOUT 120)
foreach(f vf_cmd_mse numvfs_unlocked)
    sriov_add_sim_failure_test(xcheck_forced_port_fault_${f}_arria10_sim_fails
        SCENARIO ${_here}/vf_rules_arria10.sriov EXIT 1
        PATTERN "RTL/TLM mismatch.*rtl-check: FAIL[^\n]*\\(port_fault_${f}\\)"
        EXTRA --device ${_a10} --rtl-check --rtl-variant port_fault_${f}
        OUTPUT_ALL LABELS crosscheck TIMEOUT 120)
endforeach()
set(_too_large ${_here}/vf_too_many_rw_dws.toml)
set(_too_large_why "PF 0 VFs: more DWs than the RTL block's 64 slots \\(16 stored\\)")
foreach(v port port_fast)
    add_test(NAME xcheck_forced_${v}_too_large_refused
             COMMAND ${CMAKE_COMMAND} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/work/forced_${v}_too_large
                     -DEXIT=2
                     "-DSTDERR=RTL variant ${v} \\(the configurable block\\) cannot run this device description \\(${_too_large_why}"
                     -P ${PROJECT_SOURCE_DIR}/tests/sim/check_cli.cmake
                     -- ${_sim} --rtl-check --rtl-variant ${v} --device ${_too_large} --flow linux)
endforeach()
add_test(NAME xcheck_chosen_too_large_refused
         COMMAND ${CMAKE_COMMAND} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/work/chosen_too_large -DEXIT=2
                 "-DSTDERR=the configurable RTL block cannot run this device description \\(${_too_large_why}"
                 -P ${PROJECT_SOURCE_DIR}/tests/sim/check_cli.cmake
                 -- ${_sim} --rtl-check --device ${_too_large} --flow linux)
set_tests_properties(xcheck_forced_port_too_large_refused xcheck_forced_port_fast_too_large_refused
                     xcheck_chosen_too_large_refused PROPERTIES LABELS crosscheck TIMEOUT 60)
