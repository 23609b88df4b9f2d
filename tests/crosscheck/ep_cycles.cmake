# Response-latency sweep (label crosscheck): the RTL's request-to-response
# cycles agree with the endpoint model's ep_cycles for 1, 2, 8 and 16 (the
# other crosscheck tests run 4). Each value runs the directed sriov sequence
# and one random seed; the scoreboard compares every TLP's cycles. A build
# whose latency (5) differs from its profile's (4) must be caught.
foreach(n 1 2 8 16)
    _xc_test(xcheck_ep_cycles_${n}_sriov crosscheck 120 --variant xcheck_ep${n} --sequence sriov)
    _xc_test(xcheck_ep_cycles_${n}_seed crosscheck 300 --variant xcheck_ep${n} --seed ${n}
             --tlps 50000)
endforeach()
add_test(NAME xcheck_fault_ep_cycles_caught
         COMMAND ${_xc} --variant fault_ep_cycles --sequence registers --expect-mismatch)
set_tests_properties(xcheck_fault_ep_cycles_caught PROPERTIES LABELS crosscheck TIMEOUT 120
    PASS_REGULAR_EXPRESSION "RTL/TLM mismatch \\(cycles\\)[^\n]*\n  TLM: [^\n]*cycles 4\n  RTL: [^\n]*cycles 5")
