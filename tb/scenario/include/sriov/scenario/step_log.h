// The steps in the transaction log (--log, JSON Lines): one record per step
// beside the link's TLP records, with the TLPs the step caused in text form.
// API calls are "kind": "api_call" with the stub's call record; other steps
// "kind": "scenario_step" with their fields (docs/scenario-format.md, Output).
#pragma once

#include "sriov/link/tlp_observer.h"
#include "sriov/scenario/step_result.h"

#include <string>
#include <vector>

namespace sriov::tb {
class transaction_log;
}

namespace sriov::scenario {

class step_log : public step_observer, public link::tlp_observer {
public:
    explicit step_log(tb::transaction_log& log) : log_(log) {}

    void on_tlp(uint64_t time_ps, link::direction dir, const tlp& t) override;
    void on_step_started(const step& st, const command_spec& spec) override;
    void on_step_finished(const step& st, const step_result& r) override;

private:
    tb::transaction_log& log_;
    bool capturing_ = false;
    std::vector<std::string> tlps_; // of the running step
};

} // namespace sriov::scenario
