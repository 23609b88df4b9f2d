#include "sriov/scenario/vcd_activity.h"

#include "sriov/tb/tlp_vcd_monitor.h"

namespace sriov::scenario {

void vcd_activity::on_step_started(const step& /*st*/, const command_spec& spec) {
    marked_ = *spec.tag != '\0';
    if (marked_) {
        vcd_.set_activity(spec.tag);
    }
}

void vcd_activity::on_step_finished(const step& /*st*/, const step_result& /*r*/) {
    if (marked_) {
        vcd_.set_activity("");
    }
}

} // namespace sriov::scenario
