// The flow a request names, with the SystemC report settings of sriov-sim.
#include "linux_flow.h"
#include "recorders.h"
#include "scenario_flow.h"
#include "sriov/config/device_profile.h"
#include "sriov/flows/run_request.h"
#include "sriov/scenario/scenario.h"

#include <iostream>
#include <systemc>
#include <tlm>

namespace sriov::flows {

namespace {

// Informational SystemC chatter (trace timescale, "stopped by user") is noise
// for a person reading the summary; warnings and errors still print. The
// stubs' in-flight failure warnings are in the summary already.
void quiet_reports() {
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    for (const char* t :
         {"sriov/sw_stubs/pci_virtualization", "sriov/sw_stubs/ndis", "sriov/sw_stubs/pcivirt"}) {
        sc_core::sc_report_handler::set_actions(t, sc_core::SC_WARNING, sc_core::SC_DO_NOTHING);
    }
}

} // namespace

int run(run_request request) {
    if (!request.verbose) {
        quiet_reports();
    }
    tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US));
    try {
        if (request.scenario.empty() && request.flow == builtin_flow::linux_sriov_enable) {
            // The scenario flow checks its outputs once it knows its inputs.
            if (int rc = prepare_outputs(request, {{"--device", request.device}}); rc != 0) {
                return rc;
            }
            return run_linux_flow(request);
        }
        return run_scenario_flow(std::move(request));
    } catch (const scenario::parse_error& e) {
        std::cerr << "sriov-sim: " << e.what() << "\n";
        return 2;
    } catch (const config::profile_error& e) {
        std::cerr << "sriov-sim: " << e.what() << "\n";
        return 2;
    }
}

} // namespace sriov::flows
