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

# Random seeds and directed sequences on descriptions (the stimulus' partial
# walks need the PCI Express and SR-IOV capabilities near the start of each
# space: true of these three).
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
