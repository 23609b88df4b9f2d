// Every ending of a request releases what the root complex holds for it:
// completion timeouts in AT free their tag slot at once, a completion that
// arrives after its timeout is discarded with a warning and frees nothing
// twice, and an access whose length would wrap past 4 KiB is refused before
// any TLP. One elaboration: an LT and an AT platform.
#include "host_job_runner.h"
#include "sc_report_guard.h"
#include "sriov/pcie/registers.h"
#include "sriov/pcie/sim_time.h"
#include "sriov/tb/host_cpu.h"
#include "sriov/tb/platform.h"

#include <gtest/gtest.h>
#include <memory>
#include <systemc>
#include <vector>

namespace {

using namespace sriov;
using root_complex::coding_style;

constexpr unsigned max_outstanding = 2;
constexpr uint64_t timeout_ps = 20'000'000; // 20 us

struct bench : test::host_job_runner {
    tb::platform top;

    bench(sc_core::sc_module_name n, const tb::platform_config& cfg)
        : test::host_job_runner(n), top("top", cfg) {
        cpu.socket.bind(top.rc.ecam);
    }
    // Runs `j` in the bench's thread and simulates until nothing is left to do.
    void run_job(job j) {
        start(std::move(j));
        sc_core::sc_start();
        ASSERT_TRUE(done()) << "the job did not finish: a request is stuck in the root complex";
    }
    routing_id pf() const { return routing_id(top.config().profile.pfs[0].pf_rid); }
};

tb::platform_config test_config(coding_style mode) {
    tb::platform_config cfg;
    cfg.profile.reset_ready_ns = 0;
    cfg.rc.mode = mode;
    cfg.rc.max_outstanding = max_outstanding;
    cfg.rc.completion_timeout_ps = timeout_ps;
    return cfg;
}

std::unique_ptr<bench> lt_bench, at_bench;

bench& by_mode(coding_style m) {
    return m == coding_style::lt ? *lt_bench : *at_bench;
}

class Modes : public ::testing::TestWithParam<coding_style> {};

TEST_P(Modes, TimeoutsBeyondTheOutstandingLimitDoNotStallLaterRequests) {
    bench& b = by_mode(GetParam());
    const unsigned lost = 3 * max_outstanding; // more timeouts than tag slots
    const uint64_t before = b.top.rc.timeouts();
    std::vector<tb::cfg_result> timed_out;
    tb::cfg_result after;
    b.run_job([&](tb::host_cpu& cpu) {
        b.top.ep.set_drop_completions(true);
        for (unsigned i = 0; i < lost; ++i) {
            timed_out.push_back(cpu.read(b.pf(), reg::vendor_id, 4));
        }
        b.top.ep.set_drop_completions(false);
        after = cpu.read(b.pf(), reg::vendor_id, 4);
    });
    ASSERT_EQ(timed_out.size(), lost);
    for (const auto& r : timed_out) {
        EXPECT_FALSE(r.ok());
        EXPECT_TRUE(r.timed_out);
        EXPECT_EQ(r.value, 0xFFFFFFFFu);
    }
    EXPECT_TRUE(after.ok());
    EXPECT_EQ(after.value, 0x10FB8086u);
    EXPECT_EQ(b.top.rc.timeouts(), before + lost);
    EXPECT_LE(b.top.rc.max_outstanding_seen(), max_outstanding);
}

TEST_P(Modes, AccessLengthThatWouldWrapPast4KiBIsRefusedWithoutATlp) {
    bench& b = by_mode(GetParam());
    uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    const uint64_t sent = b.top.rc.tlps_sent();
    tb::cfg_result r;
    b.run_job([&](tb::host_cpu& cpu) {
        // offset 1 + length 0xFFFFFFFF is 0 in 32 bits: must not look "inside".
        r = cpu.access(tlm::TLM_WRITE_COMMAND, b.pf(), 1, buf, 0xFFFFFFFFu);
    });
    EXPECT_EQ(r.response, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.top.rc.tlps_sent(), sent);
    EXPECT_EQ(buf[0], 1);
    EXPECT_EQ(buf[7], 8);
}

INSTANTIATE_TEST_SUITE_P(RootComplex, Modes, ::testing::Values(coding_style::lt, coding_style::at),
                         [](const auto& p) { return std::string(to_string(p.param)); });

TEST(AtLateCompletion, IsDiscardedWithAWarningAndFreesNothingTwice) {
    // A completion timeout shorter than the round trip: every completion is late.
    bench& b = *at_bench;
    const uint64_t before = b.top.rc.timeouts();
    std::vector<tb::cfg_result> late;
    tb::cfg_result after;
    {
        test::sc_report_expectation warn("sriov/root_complex", 3);
        b.run_job([&](tb::host_cpu& cpu) {
            b.top.rc.set_completion_timeout(sc_core::sc_time(100, sc_core::SC_NS));
            for (int i = 0; i < 3; ++i) {
                late.push_back(cpu.read(b.pf(), reg::vendor_id, 4));
            }
            cpu.delay(sc_core::sc_time(10, sc_core::SC_US)); // the late completions arrive
            b.top.rc.set_completion_timeout(sc_core::sc_time(timeout_ps, sc_core::SC_PS));
            after = cpu.read(b.pf(), reg::vendor_id, 4);
        });
    }
    for (const auto& r : late) {
        EXPECT_TRUE(r.timed_out);
    }
    EXPECT_EQ(b.top.rc.timeouts(), before + 3);
    EXPECT_TRUE(after.ok());
    EXPECT_LE(b.top.rc.max_outstanding_seen(), max_outstanding);
}

// Deadlines, timeouts, CRS intervals and software waits are summed with
// time_sum: a sum past SystemC's last instant stays there instead of wrapping
// into the past (a scenario may give any time up to that instant).
TEST(SimTime, SumsSaturateAtSystemCsLastInstant) {
    const sc_core::sc_time end = sc_core::sc_max_time();
    const sc_core::sc_time ps(1, sc_core::SC_PS);
    EXPECT_EQ(time_sum(sc_core::sc_time(1, sc_core::SC_NS), sc_core::sc_time(2, sc_core::SC_NS)),
              sc_core::sc_time(3, sc_core::SC_NS));
    EXPECT_EQ(time_sum(end - ps, ps), end);
    EXPECT_EQ(time_sum(end - ps, 2 * ps), end);
    EXPECT_EQ(time_sum(end, end), end);
    EXPECT_EQ(wait_time(end), end - sc_core::sc_time_stamp());
}

} // namespace

namespace sriov::test {
void elaborate() {
    lt_bench = std::make_unique<bench>("lt", test_config(coding_style::lt));
    at_bench = std::make_unique<bench>("at", test_config(coding_style::at));
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    sc_core::sc_start(sc_core::SC_ZERO_TIME); // every thread reaches its wait(go)
}
} // namespace sriov::test
