// The summary table of a scenario run: a header, then one line per step
// (start time, call, arguments, TLPs, latency, result, expectations) and the
// messages of its failed expectations.
#pragma once

#include "sriov/scenario/step_result.h"

#include <cstdio>

namespace sriov::scenario {

class summary_printer : public step_observer {
public:
    explicit summary_printer(std::FILE* out) : out_(out) {}

    void on_run_started(const scenario& sc) override;
    void on_step_finished(const step& st, const step_result& r) override;

private:
    std::FILE* out_;
};

} // namespace sriov::scenario
