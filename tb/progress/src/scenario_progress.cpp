#include "sriov/progress/scenario_progress.h"

#include "sriov/scenario/scenario.h"

namespace sriov::progress {

void scenario_progress::on_run_started(const scenario::scenario& sc) {
    steps_ = sc.steps.size();
}

void scenario_progress::on_step_finished(const scenario::step&, const scenario::step_result&) {
    meter_.finish();
    ++done_;
    if (steps_ != 0) {
        meter_.set_fraction(static_cast<double>(done_) / static_cast<double>(steps_));
    }
}

} // namespace sriov::progress
