// The flow a request names (the SystemC report settings: tb/sim, report_options).
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

int run(run_request request) {
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
