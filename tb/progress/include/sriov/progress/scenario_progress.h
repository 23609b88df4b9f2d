#pragma once
// The progress meter of a scenario run (sriov-sim): the share of steps done
// gives the ETA, and the meter's line is erased before each step's summary
// line prints (add it as the runner's first observer).
#include "sriov/progress/progress_meter.h"
#include "sriov/scenario/step_result.h"

namespace sriov::progress {

class scenario_progress : public scenario::step_observer {
public:
    explicit scenario_progress(progress_meter& meter) : meter_(meter) {}
    void on_run_started(const scenario::scenario& sc) override;
    void on_step_finished(const scenario::step& st, const scenario::step_result& r) override;

private:
    progress_meter& meter_;
    size_t steps_ = 0;
    size_t done_ = 0;
};

} // namespace sriov::progress
