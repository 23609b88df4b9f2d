// Marks the running step in the VCD (`sw_activity`): the command's tag from
// the command table while it runs, empty when it returned.
#pragma once

#include "sriov/scenario/step_result.h"

namespace sriov::tb {
class tlp_vcd_monitor;
}

namespace sriov::scenario {

class vcd_activity : public step_observer {
public:
    explicit vcd_activity(tb::tlp_vcd_monitor& vcd) : vcd_(vcd) {}

    void on_step_started(const step& st, const command_spec& spec) override;
    void on_step_finished(const step& st, const step_result& r) override;

private:
    tb::tlp_vcd_monitor& vcd_;
    bool marked_ = false; // commands without a tag leave the marker alone
};

} // namespace sriov::scenario
