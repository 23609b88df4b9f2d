// Runs test jobs in an SC_THREAD of its own, on a host CPU of its own (an
// initiator to bind to a root complex's ECAM socket). A test starts a job,
// simulates until nothing is left to do (sc_start()), then checks done():
// false means a request is stuck.
#pragma once

#include "sriov/tb/host_cpu.h"

#include <functional>
#include <systemc>

namespace sriov::test {

class host_job_runner : public sc_core::sc_module {
public:
    using job = std::function<void(tb::host_cpu&)>;

    tb::host_cpu cpu;

    explicit host_job_runner(const sc_core::sc_module_name& name);

    // Runs `j` in the runner's thread from the next delta cycle on.
    void start(job j);
    // The last job started has returned and its CPU caught up with its local time.
    bool done() const { return done_; }

private:
    void run();

    job job_;
    sc_core::sc_event go_;
    bool done_ = true;
};

} // namespace sriov::test
