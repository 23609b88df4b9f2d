// Runs a parsed scenario against the platform: one SC_THREAD executes the
// steps in order, each by the handler its command id names (handler_table),
// times it, checks its expectations (expectations.h) and hands the result to
// the observers (summary printer, step log, VCD activity).
#pragma once

#include "sriov/link/tlp_observer.h"
#include "sriov/scenario/handler_table.h"
#include "sriov/scenario/scenario.h"
#include "sriov/scenario/scenario_bench.h"
#include "sriov/scenario/step_result.h"
#include "sriov/tb/platform.h"

#include <string>
#include <systemc>
#include <vector>

namespace sriov::scenario {

class runner : public sc_core::sc_module, public link::tlp_observer {
public:
    runner(sc_core::sc_module_name name, tb::platform& top, const scenario& sc,
           const sw_stubs::stub_config& stubs);

    // Observers are told of every step in the order they were added.
    void add_observer(step_observer* observer) { observers_.push_back(observer); }

    bool finished() const { return finished_; }
    unsigned expectations() const { return expectations_; }
    unsigned failures() const { return static_cast<unsigned>(messages_.size()); }
    const std::vector<step_result>& results() const { return results_; }
    // The failure messages, in order.
    const std::vector<std::string>& failure_messages() const { return messages_; }

    // Counts the TLPs of the running step (for steps whose handler does not).
    void on_tlp(uint64_t time_ps, link::direction dir, const tlp& t) override;

private:
    void run();
    step_result run_step(unsigned index, const step& st);
    void check(const step& st, step_result& r);
    std::vector<std::string> take_captures(const step& st, const step_result& r);

    scenario_bench bench_;
    handler_table handlers_;
    const scenario& sc_;
    std::vector<step_observer*> observers_;
    bool in_step_ = false;
    unsigned step_tlps_ = 0; // requests and completions seen on the link
    std::vector<step_result> results_;
    std::vector<std::string> messages_;
    captured_values captured_; // `as NAME` / `capture FIELD as NAME` so far
    unsigned expectations_ = 0;
    bool finished_ = false;
};

} // namespace sriov::scenario
