// One executed step, as the handler left it and the runner completed it, and
// the interface of everything that shows or records steps (summary, log, VCD).
#pragma once

#include "sriov/scenario/expectations.h"
#include "sriov/scenario/scenario.h"
#include "sriov/sw_stubs/api_call.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sriov::scenario {

struct step_result {
    unsigned index = 0; // 1-based
    unsigned line = 0;
    std::string name;      // the API the call record names, or the command
    std::string arguments; // as the stub formatted them, or as written
    uint64_t start_ps = 0;
    uint64_t end_ps = 0;
    unsigned tlps = 0; // request TLPs
    // The routine's return value (API steps).
    bool has_result = false;
    int64_t result = 0;
    sw_stubs::result_kind result_kind = sw_stubs::result_kind::none;
    std::string result_text;
    bool refused = false;
    std::string reason;
    std::string note;                              // what the step did, for the summary
    std::string printout;                          // lines the step prints before its own
    std::optional<sw_stubs::api_call_record> call; // the API call, when the stub logged one
    step_outcome outcome;                          // fields and data the expectations check
    unsigned expectations = 0;
    // Why the step could not do what it says (a limit only the run can see); a failure.
    std::string error;
    std::vector<std::string> failures; // the error and failed expectations' messages
};

// Notified by the runner, in order, on its SC_THREAD.
class step_observer {
public:
    virtual ~step_observer() = default;
    virtual void on_run_started(const scenario& /*sc*/) {}
    virtual void on_step_started(const step& /*st*/, const command_spec& /*spec*/) {}
    virtual void on_step_finished(const step& st, const step_result& r) = 0;
};

} // namespace sriov::scenario
