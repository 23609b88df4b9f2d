#include "host_job_runner.h"

#include <utility>

namespace sriov::test {

host_job_runner::host_job_runner(const sc_core::sc_module_name& name)
    : sc_core::sc_module(name), cpu("cpu") {
    SC_HAS_PROCESS(host_job_runner);
    SC_THREAD(run);
}

void host_job_runner::start(job j) {
    job_ = std::move(j);
    done_ = false;
    go_.notify(sc_core::SC_ZERO_TIME);
}

void host_job_runner::run() {
    for (;;) {
        wait(go_);
        job_(cpu);
        cpu.sync();
        done_ = true;
    }
}

} // namespace sriov::test
