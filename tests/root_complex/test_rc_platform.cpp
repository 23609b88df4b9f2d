// Config TLPs end to end through root complex, link and endpoint, in LT and
// AT side by side (one elaboration): latency formula, LT == AT for isolated
// requests, the DW split on the wire, UR / CRS / CRS SV / timeout paths,
// writes stopping at the first failing DW, and AT contention between
// several initiators (link, endpoint and the RC's outstanding-request limit),
// and the endpoint's fault injection (UR, CA, CRS, dropped completions).
#include "default_layout.h"
#include "host_job_runner.h"
#include "sc_report_guard.h"
#include "sriov/link/link_timing.h"
#include "sriov/pcie/registers.h"
#include "sriov/tb/host_cpu.h"
#include "sriov/tb/platform.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <memory>
#include <systemc>
#include <vector>

namespace {

using namespace sriov;
using root_complex::coding_style;

constexpr uint64_t reset_ready_ns = 100'000; // 100 us: longer than all CRS retries
constexpr uint64_t flr_ready_ns = 3'000;     // 3 us: a few CRS retries
constexpr uint64_t vf_enable_ready_ns = 2'000;
constexpr uint64_t timeout_ps = 50'000'000; // 50 us

tb::platform_config test_config(coding_style mode, unsigned max_outstanding) {
    tb::platform_config cfg;
    cfg.profile.reset_ready_ns = reset_ready_ns;
    cfg.profile.flr_ready_ns = flr_ready_ns;
    cfg.profile.vf_enable_ready_ns = vf_enable_ready_ns;
    cfg.rc.mode = mode;
    cfg.rc.max_outstanding = max_outstanding;
    cfg.rc.crs_retry_limit = 8;
    cfg.rc.crs_retry_interval_ps = 1'000'000;
    cfg.rc.completion_timeout_ps = timeout_ps;
    return cfg;
}

// Records every TLP the link carries.
struct tlp_recorder : link::tlp_observer {
    struct entry {
        uint64_t time_ps;
        link::direction dir;
        tlp value;
    };
    std::vector<entry> seen;
    void on_tlp(uint64_t time_ps, link::direction dir, const tlp& t) override {
        seen.push_back({time_ps, dir, t});
    }
    std::vector<tlp> requests() const {
        std::vector<tlp> r;
        for (const auto& e : seen) {
            if (e.dir == link::direction::downstream) {
                r.push_back(e.value);
            }
        }
        return r;
    }
};

// Records what the endpoint reports to its request observers.
struct request_recorder : endpoint::request_observer {
    struct entry {
        tlp request;
        bool model_answered;
        completion_status status;
    };
    std::vector<entry> seen;
    void on_request(const tlp& request, const tlp* completion, uint64_t) override {
        seen.push_back(
            {request, completion != nullptr,
             completion != nullptr ? completion->status : completion_status::successful});
    }
};

using test::host_job_runner;

struct bench {
    std::unique_ptr<tb::platform> top;
    std::vector<std::unique_ptr<host_job_runner>> runners; // several initiators
    tlp_recorder log;
    request_recorder requests;
};

bench lt_bench, at_bench, at1_bench;
// Fault injection has platforms of its own: in AT a dropped completion keeps
// its tag reserved for good (root_complex::send_at), which would take an
// outstanding-request slot from the contention tests.
bench lt_fault_bench, at_fault_bench;

bench& by_mode(coding_style m) {
    return m == coding_style::lt ? lt_bench : at_bench;
}

void make(bench& b, const char* name, coding_style mode, unsigned max_outstanding) {
    b.top = std::make_unique<tb::platform>(name, test_config(mode, max_outstanding));
    for (int i = 0; i < 3; ++i) {
        b.runners.push_back(std::make_unique<host_job_runner>(
            (std::string(name) + "_cpu" + std::to_string(i)).c_str()));
        b.runners.back()->cpu.socket.bind(b.top->rc.ecam);
    }
    b.top->link.add_observer(&b.log);
    b.top->ep.add_observer(&b.requests);
}

// Starts the jobs together at the current time and simulates until all finish.
void run_jobs(bench& b, const std::vector<host_job_runner::job>& jobs) {
    for (size_t i = 0; i < jobs.size(); ++i) {
        b.runners[i]->start(jobs[i]);
    }
    sc_core::sc_start();
    for (size_t i = 0; i < jobs.size(); ++i) {
        ASSERT_TRUE(b.runners[i]->done()) << "job " << i << " did not finish";
    }
}

void run_job(bench& b, const host_job_runner::job& job) {
    run_jobs(b, {job});
}

// Past the PF's readiness window after reset: every test starts here.
void settle(bench& b) {
    run_job(b, [](tb::host_cpu& cpu) {
        if (sc_core::sc_time_stamp() < sc_core::sc_time(2 * reset_ready_ns, sc_core::SC_NS)) {
            cpu.delay(sc_core::sc_time(2 * reset_ready_ns, sc_core::SC_NS) -
                      sc_core::sc_time_stamp());
        }
    });
    b.log.seen.clear();
    b.requests.seen.clear();
}

routing_id pf(const bench& b) {
    return routing_id(b.top->config().profile.pf_rid);
}

// Isolated round trip from DESIGN.md section 3 and the platform parameters.
uint64_t round_trip_ps(const tb::platform_config& c, unsigned req_bytes, unsigned cpl_bytes) {
    const uint64_t rc_period_ps = 1'000'000 / c.rc.clock_mhz;
    const uint64_t ep_ps = c.profile.ep_cycles * (1'000'000 / c.profile.ep_clock_mhz);
    const uint64_t req = link::tlp_time_ps(c.link, req_bytes);
    const uint64_t cpl = link::tlp_time_ps(c.link, cpl_bytes);
    const uint64_t ack = link::dllp_time_ps(c.link);
    // The completion leaves when processing is done, unless the ACK DLLP for
    // the request still occupies the upstream direction.
    const uint64_t cpl_start = std::max(ep_ps, ack);
    return c.rc.request_cycles * rc_period_ps + req + c.link.phy_latency_down_ps + cpl_start + cpl +
           c.link.phy_latency_up_ps + c.rc.completion_cycles * rc_period_ps;
}

// CfgWr0 (16 B) + Cpl (12 B), or CfgRd0 (12 B) + CplD (16 B).
uint64_t expected_round_trip_ps(const tb::platform_config& c, bool write) {
    return write ? round_trip_ps(c, 16, 12) : round_trip_ps(c, 12, 16);
}

// A request that never completes fails after the request pipeline and the timeout.
uint64_t timed_out_latency_ps(const tb::platform_config& c) {
    return c.rc.request_cycles * (1'000'000 / c.rc.clock_mhz) + timeout_ps;
}

std::string mode_name(const ::testing::TestParamInfo<coding_style>& p) {
    return root_complex::to_string(p.param);
}

class Modes : public ::testing::TestWithParam<coding_style> {};

TEST_P(Modes, IsolatedRoundTripFollowsTheTimingFormula) {
    bench& b = by_mode(GetParam());
    settle(b);
    tb::cfg_result w, r;
    run_job(b, [&](tb::host_cpu& cpu) {
        w = cpu.write(pf(b), reg::cache_line_size, 1, 0x10);
        cpu.delay(sc_core::sc_time(10, sc_core::SC_US)); // let the link go idle
        r = cpu.read(pf(b), reg::vendor_id, 4);
    });
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(w.latency_ps, expected_round_trip_ps(b.top->config(), true));
    EXPECT_EQ(r.latency_ps, expected_round_trip_ps(b.top->config(), false));
    // The default platform: Gen3 x4, 200 ns PHY each way, 150 + 150 RC cycles
    // at 1 GHz, 4 EP cycles at 250 MHz: 727.172 ns, inside the 0.5-1.6 us of
    // real machines (reference/pcie-timing.md).
    EXPECT_EQ(w.latency_ps, 727'172u);
    EXPECT_EQ(r.value, 0x10FB8086u);
}

TEST_P(Modes, UnalignedAccessesSplitIntoDwTlpsWithByteEnables) {
    bench& b = by_mode(GetParam());
    settle(b);
    uint8_t five[5] = {};
    tb::cfg_result r, w;
    run_job(b, [&](tb::host_cpu& cpu) {
        r = cpu.access(tlm::TLM_READ_COMMAND, pf(b), 0x1E, five, 5);
        w = cpu.write(pf(b), 0x0B, 2, 0x2211); // class code byte (RO) + Cache Line Size
    });
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(w.ok());
    const auto reqs = b.log.requests();
    ASSERT_EQ(reqs.size(), 4u);
    EXPECT_EQ(reqs[0].type, tlp_type::cfg_rd0);
    EXPECT_EQ(reqs[0].dw_index, 0x1E / 4);
    EXPECT_EQ(reqs[0].first_be, 0b1100);
    EXPECT_EQ(reqs[1].dw_index, 0x20 / 4);
    EXPECT_EQ(reqs[1].first_be, 0b0111);
    EXPECT_EQ(reqs[2].type, tlp_type::cfg_wr0);
    EXPECT_EQ(reqs[2].dw_index, 2);
    EXPECT_EQ(reqs[2].first_be, 0b1000);
    EXPECT_EQ(reqs[2].data, 0x11000000u);
    EXPECT_EQ(reqs[3].dw_index, 3);
    EXPECT_EQ(reqs[3].first_be, 0b0001);
    EXPECT_EQ(reqs[3].data, 0x00000022u);
    // The bytes read are the device's; the write touched only enabled bytes.
    const auto& dev = b.top->device;
    const uint32_t dw7 = *dev.peek_dw(pf(b), 7), dw8 = *dev.peek_dw(pf(b), 8);
    EXPECT_EQ(five[0], static_cast<uint8_t>(dw7 >> 16));
    EXPECT_EQ(five[1], static_cast<uint8_t>(dw7 >> 24));
    EXPECT_EQ(five[2], static_cast<uint8_t>(dw8));
    EXPECT_EQ(five[4], static_cast<uint8_t>(dw8 >> 16));
    EXPECT_EQ(*dev.peek_dw(pf(b), 2), 0x02000001u); // class 020000, revision 01: unchanged
    EXPECT_EQ(*dev.peek_dw(pf(b), 3) & 0xFF, 0x22u);
    EXPECT_EQ(r.tlps_sent, 2u);
}

TEST_P(Modes, AbsentVfIsUnsupportedRequestReadAsAllOnes) {
    bench& b = by_mode(GetParam());
    settle(b);
    const routing_id vf0(static_cast<uint16_t>(pf(b).value + 0x180)); // VF Enable is 0
    tb::cfg_result r, status;
    run_job(b, [&](tb::host_cpu& cpu) {
        cpu.write(pf(b), default_layout::dev_status, 2, bits::dev_status_urd); // clear URD first
        r = cpu.read(vf0, reg::command, 2);
        status = cpu.read(pf(b), default_layout::dev_status, 2);
    });
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.value, 0xFFFFu);
    EXPECT_TRUE(r.failed);
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.failed_status, completion_status::unsupported_request);
    EXPECT_EQ(r.tlps_sent, 1u);
    EXPECT_EQ(r.dws_completed, 0u);
    // VF 0's bus is behind the port's secondary bus: a CfgRd1, which the
    // device does not claim while VF Enable is 0, so the PF logs nothing
    // (docs/config-space-map.md, root port section).
    EXPECT_EQ(status.value & bits::dev_status_urd, 0u);
}

TEST_P(Modes, BusOutsideTheRootPortIsUrWithoutATlp) {
    bench& b = by_mode(GetParam());
    settle(b);
    tb::cfg_result r;
    run_job(b, [&](tb::host_cpu& cpu) { r = cpu.read(routing_id::from_bdf(0, 3, 0), 0, 4); });
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.value, 0xFFFFFFFFu);
    EXPECT_EQ(r.failed_status, completion_status::unsupported_request);
    EXPECT_EQ(r.tlps_sent, 0u);
    EXPECT_TRUE(b.log.seen.empty());
}

TEST_P(Modes, AccessCrossingTheFunctionIsAnAddressErrorAndSendsNothing) {
    bench& b = by_mode(GetParam());
    settle(b);
    uint8_t buf[4] = {1, 2, 3, 4};
    tb::cfg_result r;
    run_job(b, [&](tb::host_cpu& cpu) {
        r = cpu.access(tlm::TLM_WRITE_COMMAND, pf(b), 0xFFE, buf, 4);
    });
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(b.log.seen.empty());
}

TEST_P(Modes, CrsAfterFlrIsRetriedUntilTheFunctionIsReady) {
    bench& b = by_mode(GetParam());
    settle(b);
    tb::cfg_result flr, r;
    run_job(b, [&](tb::host_cpu& cpu) {
        cpu.write(pf(b), reg::cache_line_size, 1, 0x40);
        flr = cpu.write(pf(b), default_layout::dev_ctrl, 2, bits::dev_ctrl_initiate_flr | 0x2810);
        r = cpu.read(pf(b), reg::cache_line_size, 1);
    });
    ASSERT_TRUE(flr.ok());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value, 0u); // the FLR reset Cache Line Size
    // 3 us window from the write's arrival. The read arrives 0.73 us later
    // (CRS), each retry 1 us after the previous completion + 0.73 us round
    // trip: arrivals at +0.73, +2.45 (both CRS) and +4.18 us (SC).
    EXPECT_EQ(r.crs_retries, 2u);
    EXPECT_EQ(r.tlps_sent, 3u);
    const uint64_t rtt = expected_round_trip_ps(b.top->config(), false);
    const uint64_t crs_rtt = round_trip_ps(b.top->config(), 12, 12); // CRS: Cpl without data
    EXPECT_EQ(r.latency_ps, 2 * (crs_rtt + 1'000'000) + rtt);
}

TEST_P(Modes, CrsRetriesExhaustedFailTheAccess) {
    bench& b = by_mode(GetParam());
    settle(b);
    tb::cfg_result r;
    run_job(b, [&](tb::host_cpu& cpu) {
        b.top->ep.reset(); // conventional reset: 100 us of CRS
        r = cpu.read(pf(b), reg::command, 2);
        cpu.delay(sc_core::sc_time(2 * reset_ready_ns, sc_core::SC_NS));
    });
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.value, 0xFFFFu);
    EXPECT_EQ(r.failed_status, completion_status::config_request_retry);
    EXPECT_EQ(r.crs_retries, 8u);
    EXPECT_EQ(r.tlps_sent, 9u);
}

TEST_P(Modes, CrsSoftwareVisibilityReturnsVendorId0001) {
    bench& b = by_mode(GetParam());
    settle(b);
    tb::cfg_result vid2, vid4, cmd;
    b.top->rc.set_crs_software_visibility(true);
    run_job(b, [&](tb::host_cpu& cpu) {
        b.top->ep.reset();
        vid2 = cpu.read(pf(b), reg::vendor_id, 2);
        vid4 = cpu.read(pf(b), reg::vendor_id, 4);
        cmd = cpu.read(pf(b), reg::command, 2); // not a Vendor ID read: retried as usual
        cpu.delay(sc_core::sc_time(2 * reset_ready_ns, sc_core::SC_NS));
    });
    b.top->rc.set_crs_software_visibility(false);
    EXPECT_TRUE(vid2.ok());
    EXPECT_EQ(vid2.value, 0x0001u);
    EXPECT_EQ(vid2.tlps_sent, 1u);
    EXPECT_TRUE(vid4.ok());
    EXPECT_EQ(vid4.value, 0xFFFF0001u);
    EXPECT_FALSE(cmd.ok());
    EXPECT_EQ(cmd.tlps_sent, 9u);
}

TEST_P(Modes, WriteStopsAtTheFirstFailingDw) {
    bench& b = by_mode(GetParam());
    settle(b);
    b.top->rc.set_crs_retry_limit(0);
    // 8 bytes at Device Control: the first DW starts a PF FLR, so the second
    // (Link Capabilities) is answered with CRS and, without retries, fails.
    uint8_t buf[8] = {0x10, 0xA8, 0x0F, 0x00, 0xFF, 0xFF, 0xFF, 0xFF};
    tb::cfg_result w;
    run_job(b, [&](tb::host_cpu& cpu) {
        w = cpu.access(tlm::TLM_WRITE_COMMAND, pf(b), default_layout::dev_ctrl, buf, 8);
        cpu.delay(sc_core::sc_time(2 * flr_ready_ns, sc_core::SC_NS));
    });
    b.top->rc.set_crs_retry_limit(8);
    EXPECT_FALSE(w.ok());
    EXPECT_EQ(w.dws_completed, 1u);
    EXPECT_EQ(w.failed_offset, default_layout::link_cap);
    EXPECT_EQ(w.failed_status, completion_status::config_request_retry);
    EXPECT_EQ(w.tlps_sent, 2u);
}

TEST_P(Modes, MissingCompletionTimesOut) {
    bench& b = by_mode(GetParam());
    settle(b);
    const uint64_t timeouts_before = b.top->rc.timeouts();
    b.top->ep.set_drop_completions(true);
    tb::cfg_result r;
    run_job(b, [&](tb::host_cpu& cpu) { r = cpu.read(pf(b), reg::vendor_id, 4); });
    b.top->ep.set_drop_completions(false);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.timed_out);
    EXPECT_EQ(r.value, 0xFFFFFFFFu);
    EXPECT_EQ(r.latency_ps, timed_out_latency_ps(b.top->config()));
    EXPECT_EQ(b.top->rc.timeouts(), timeouts_before + 1);
}

INSTANTIATE_TEST_SUITE_P(LtAndAt, Modes, ::testing::Values(coding_style::lt, coding_style::at),
                         mode_name);

// ------------------------------------------------------ fault injection

using endpoint::fault_kind;
using endpoint::fault_plan;

class Faults : public ::testing::TestWithParam<coding_style> {
protected:
    bench& b = GetParam() == coding_style::lt ? lt_fault_bench : at_fault_bench;
    void SetUp() override { settle(b); }
    void TearDown() override { b.top->ep.clear_faults(); }
    uint32_t pf_dw(uint16_t offset) const { return *b.top->device.peek_dw(pf(b), offset / 4); }
    tb::cfg_result write_cache_line_size(uint8_t value) {
        tb::cfg_result w;
        run_job(b,
                [&](tb::host_cpu& cpu) { w = cpu.write(pf(b), reg::cache_line_size, 1, value); });
        return w;
    }
};

completion_status status_of(fault_kind k) {
    return k == fault_kind::unsupported_request ? completion_status::unsupported_request
           : k == fault_kind::completer_abort   ? completion_status::completer_abort
                                                : completion_status::config_request_retry;
}

TEST_P(Faults, CrsOnceIsRetriedAndThenSucceeds) {
    const uint64_t injected = b.top->ep.faults_injected();
    b.top->ep.inject_fault({fault_kind::config_retry, 0, 1});
    tb::cfg_result r;
    run_job(b, [&](tb::host_cpu& cpu) { r = cpu.read(pf(b), reg::vendor_id, 4); });
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value, 0x10FB8086u);
    EXPECT_EQ(r.crs_retries, 1u);
    EXPECT_EQ(r.tlps_sent, 2u);
    // The same timing as a CRS from the configuration model.
    const auto& c = b.top->config();
    EXPECT_EQ(r.latency_ps, round_trip_ps(c, 12, 12) + c.rc.crs_retry_interval_ps +
                                expected_round_trip_ps(c, false));
    EXPECT_EQ(b.top->ep.faults_injected(), injected + 1);
    // Observers see the model's answer only, not the injected CRS.
    ASSERT_EQ(b.requests.seen.size(), 2u);
    EXPECT_FALSE(b.requests.seen[0].model_answered);
    EXPECT_TRUE(b.requests.seen[1].model_answered);
    EXPECT_EQ(b.requests.seen[1].status, completion_status::successful);
}

TEST_P(Faults, CrsUntilClearedExhaustsTheRetries) {
    b.top->ep.inject_fault({fault_kind::config_retry, 0, 0});
    tb::cfg_result r, after_clear;
    run_job(b, [&](tb::host_cpu& cpu) {
        r = cpu.read(pf(b), reg::command, 2);
        b.top->ep.clear_faults();
        after_clear = cpu.read(pf(b), reg::command, 2);
    });
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.value, 0xFFFFu);
    EXPECT_FALSE(r.timed_out);
    EXPECT_EQ(r.failed_status, completion_status::config_request_retry);
    EXPECT_EQ(r.crs_retries, 8u);
    EXPECT_EQ(r.tlps_sent, 9u);
    EXPECT_TRUE(after_clear.ok());
    EXPECT_EQ(after_clear.tlps_sent, 1u);
}

TEST_P(Faults, UrAndCaAfterTheFirstDwFailTheSecond) {
    for (fault_kind k : {fault_kind::unsupported_request, fault_kind::completer_abort}) {
        b.top->ep.inject_fault({k, 1, 1});
        uint8_t buf[8] = {};
        tb::cfg_result r, status;
        run_job(b, [&](tb::host_cpu& cpu) {
            r = cpu.access(tlm::TLM_READ_COMMAND, pf(b), reg::vendor_id, buf, 8);
            status = cpu.read(pf(b), default_layout::dev_status, 2);
        });
        EXPECT_FALSE(r.ok()) << to_string(k);
        EXPECT_FALSE(r.timed_out);
        EXPECT_EQ(r.failed_status, status_of(k));
        EXPECT_EQ(r.dws_completed, 1u);
        EXPECT_EQ(r.failed_offset, 4u);
        EXPECT_EQ(r.tlps_sent, 2u);
        EXPECT_EQ(buf[0], 0x86);
        EXPECT_EQ(buf[4], 0xFF) << "the failed DW reads all-ones";
        ASSERT_TRUE(status.ok()) << "a plan of count 1 ends after one fault";
        EXPECT_EQ(status.value & bits::dev_status_urd, 0u)
            << "the model did not see the request, so it logged no UR";
    }
}

TEST_P(Faults, AFaultedWriteChangesNoRegister) {
    ASSERT_TRUE(write_cache_line_size(0x10).ok());
    for (fault_kind k :
         {fault_kind::unsupported_request, fault_kind::completer_abort, fault_kind::config_retry}) {
        b.top->ep.inject_fault({k, 0, 0});
        const tb::cfg_result w = write_cache_line_size(0x40);
        b.top->ep.clear_faults();
        EXPECT_FALSE(w.ok()) << to_string(k);
        EXPECT_EQ(w.failed_status, status_of(k));
        EXPECT_EQ(pf_dw(reg::cache_line_size) & 0xFF, 0x10u) << to_string(k);
    }
    EXPECT_EQ(pf_dw(default_layout::dev_status) >> (8 * (default_layout::dev_status % 4)) &
                  bits::dev_status_urd,
              0u);
}

TEST_P(Faults, DroppedCompletionTimesOut) {
    ASSERT_TRUE(write_cache_line_size(0x10).ok());
    b.requests.seen.clear();
    const uint64_t timeouts_before = b.top->rc.timeouts();
    b.top->ep.inject_fault({fault_kind::drop_completion, 0, 1});
    const tb::cfg_result w = write_cache_line_size(0x40);
    EXPECT_FALSE(w.ok());
    EXPECT_TRUE(w.timed_out);
    EXPECT_EQ(w.latency_ps, timed_out_latency_ps(b.top->config()));
    EXPECT_EQ(b.top->rc.timeouts(), timeouts_before + 1);
    EXPECT_EQ(pf_dw(reg::cache_line_size) & 0xFF, 0x10u) << "not applied";
    ASSERT_EQ(b.requests.seen.size(), 1u);
    EXPECT_FALSE(b.requests.seen[0].model_answered);
    EXPECT_TRUE(write_cache_line_size(0x40).ok()) << "the plan ended after one fault";
}

INSTANTIATE_TEST_SUITE_P(LtAndAt, Faults, ::testing::Values(coding_style::lt, coding_style::at),
                         mode_name);

TEST(LtVersusAt, TheSameSequenceTakesTheSameSimulatedTime) {
    std::vector<uint64_t> latency[2];
    for (coding_style m : {coding_style::lt, coding_style::at}) {
        bench& b = by_mode(m);
        settle(b);
        run_job(b, [&](tb::host_cpu& cpu) {
            for (uint16_t off : {reg::vendor_id, reg::command, default_layout::sriov_total_vfs,
                                 default_layout::dev_ctrl}) {
                latency[m == coding_style::at].push_back(cpu.read(pf(b), off, 2).latency_ps);
                cpu.delay(sc_core::sc_time(5, sc_core::SC_US));
            }
            latency[m == coding_style::at].push_back(
                cpu.write(pf(b), reg::command, 2, 0x6).latency_ps);
        });
    }
    EXPECT_EQ(latency[0], latency[1]);
}

// Three initiators read the PF's Vendor ID at the same moment; sorted latencies.
std::vector<uint64_t> three_concurrent_reads(bench& b) {
    settle(b);
    std::vector<tb::cfg_result> r(3);
    std::vector<host_job_runner::job> jobs;
    for (int i = 0; i < 3; ++i) {
        jobs.push_back([&, i](tb::host_cpu& cpu) { r[i] = cpu.read(pf(b), reg::vendor_id, 4); });
    }
    run_jobs(b, jobs);
    std::vector<uint64_t> lat;
    for (const auto& x : r) {
        EXPECT_TRUE(x.ok());
        lat.push_back(x.latency_ps);
    }
    std::sort(lat.begin(), lat.end());
    return lat;
}

TEST(AtContention, ThreeInitiatorsQueueBehindTheEndpoint) {
    const std::vector<uint64_t> lat = three_concurrent_reads(at_bench);
    // Requests leave back to back (6 ns each on Gen3 x4); the endpoint takes
    // 16 ns per request, so completions come 16 ns apart.
    const uint64_t iso = expected_round_trip_ps(at_bench.top->config(), false);
    ASSERT_EQ(lat.size(), 3u);
    EXPECT_EQ(lat[0], iso);
    EXPECT_EQ(lat[1], iso + 16'000);
    EXPECT_EQ(lat[2], iso + 32'000);
    EXPECT_EQ(at_bench.top->rc.max_outstanding_seen(), 3u);
}

TEST(AtContention, OutstandingLimitOfOneSerializesRequests) {
    const std::vector<uint64_t> lat = three_concurrent_reads(at1_bench);
    const uint64_t iso = expected_round_trip_ps(at1_bench.top->config(), false);
    ASSERT_EQ(lat.size(), 3u);
    EXPECT_EQ(lat[0], iso);
    EXPECT_EQ(lat[1], 2 * iso);
    EXPECT_EQ(lat[2], 3 * iso);
    EXPECT_EQ(at1_bench.top->rc.max_outstanding_seen(), 1u);
}

TEST(LtInitiators, SeveralInitiatorsShareTheRootComplex) {
    bench& b = lt_bench;
    settle(b);
    std::vector<tb::cfg_result> r(3);
    std::vector<host_job_runner::job> jobs;
    for (int i = 0; i < 3; ++i) {
        jobs.push_back([&, i](tb::host_cpu& cpu) {
            r[i] = cpu.write(pf(b), reg::interrupt_line, 1, 0x30u + static_cast<unsigned>(i));
        });
    }
    run_jobs(b, jobs);
    for (const auto& x : r) {
        EXPECT_TRUE(x.ok());
    }
    const uint32_t line = *b.top->device.peek_dw(pf(b), reg::interrupt_line / 4) & 0xFF;
    EXPECT_GE(line, 0x30u);
    EXPECT_LE(line, 0x32u);
    EXPECT_EQ(b.log.requests().size(), 3u);
}

TEST(Endpoint, Type1RequestsAreUnsupportedAndMalformedOnesDropped) {
    auto& ep = lt_bench.top->ep;
    const routing_id p = pf(lt_bench);
    tlp cpl;
    const tlp type1 = make_cfg_read(routing_id(0), 1, p, 0, 0xF, true);
    ASSERT_TRUE(ep.handle(type1, 10 * reset_ready_ns, cpl));
    EXPECT_EQ(cpl.status, completion_status::unsupported_request);
    EXPECT_EQ(cpl.type, tlp_type::cpl);

    tlp bad = make_cfg_write(routing_id(0), 2, p, 3, 0xF, 0x12345678);
    bad.last_be = 0xF; // Last DW BE must be 0 for a 1 DW request
    const uint32_t before = *lt_bench.top->device.peek_dw(p, 3);
    {
        test::sc_report_expectation warn("sriov/endpoint", 1);
        EXPECT_FALSE(ep.handle(bad, 10 * reset_ready_ns, cpl));
    }
    EXPECT_EQ(*lt_bench.top->device.peek_dw(p, 3), before);
    // The receiver logs it in the PF: Malformed TLP is Fatal by default
    // (docs/config-space-map.md, "Error logging"). Cleared for the next tests.
    auto& device = lt_bench.top->device;
    const auto status = [&] {
        return *device.peek_dw(p, default_layout::dev_status / 4) >>
               (8 * (default_layout::dev_status % 4));
    };
    EXPECT_EQ(status() & 0xF, bits::dev_status_fed);
    device.write(p, default_layout::dev_status, 2, bits::dev_status_fed, 10 * reset_ready_ns);
    EXPECT_EQ(status() & 0xF, 0u);
}

} // namespace

namespace sriov::test {
void elaborate() {
    make(lt_bench, "lt", coding_style::lt, 4);
    make(at_bench, "at", coding_style::at, 4);
    make(at1_bench, "at1", coding_style::at, 1);
    make(lt_fault_bench, "lt_fault", coding_style::lt, 4);
    make(at_fault_bench, "at_fault", coding_style::at, 4);
    sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    // Initialization phase: every runner thread reaches its wait(go), so the
    // first test's notification is not lost.
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
}
} // namespace sriov::test
