// The root complex's two AT initiator paths: a blocking initiator (a thread
// that waits in b_transport on `ecam`, as the Windows stubs) and an
// nb_transport initiator on `ecam_nb` (BEGIN_REQ, BEGIN_RESP on the backward
// path, no thread per request). The same stream one access at a time
// (access_stream.h, plus a completion the endpoint drops, so the completion
// timeout, and a refused access) must give the same data, responses, details
// and completion times both ways. Then many nb accesses at once
// must never hold more tags than max_outstanding.
//
// Built twice: at_nb_test asks for details (a config_access_extension) on
// every seventh access; at_nb_plain_test (AT_NB_PLAIN) on none, so no
// extension ever exists and the root complex takes its fast paths (nb_fw's
// usual access carried by its slot, the answer ahead, and the record made
// for an unusual answer: UR, CRS, the timeout), which must give the same.
#include "access_stream.h"
#include "at_initiators.h"
#include "sriov/pcie/config_access.h"
#include "sriov/pcie/ecam.h"
#include "sriov/pcie/registers.h"
#include "sriov/pcie/sim_time.h"
#include "sriov/tb/platform.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

namespace {

using namespace sriov;
using test::blocking_initiator;
using test::nb_initiator;
using test::outcome;
using test::step;

tb::platform_config at_config() {
    tb::platform_config cfg = test::stream_config(root_complex::coding_style::at);
    cfg.rc.completion_timeout_ps = 20'000'000; // 20 us: the dropped completion times out soon
    return cfg;
}

struct blocking_bench {
    std::unique_ptr<tb::platform> top;
    std::unique_ptr<blocking_initiator> cpu;
};
struct nb_bench {
    std::unique_ptr<tb::platform> top;
    std::unique_ptr<nb_initiator> cpu;
};

blocking_bench blocking;
nb_bench nb, many, held;

template <typename Bench, typename Cpu>
void make(Bench& b, const char* name, const tb::platform_config& cfg) {
    b.top = std::make_unique<tb::platform>(name, cfg);
    test::enable_vfs(b.top->device, 8);
    b.cpu = std::make_unique<Cpu>((std::string(name) + "_cpu").c_str());
    b.top->ep.inject_fault({endpoint::fault_kind::drop_completion, /*after=*/150, /*count=*/1});
    b.cpu->steps = test::access_stream(b.top->device, b.top->rc.port().rid(), 240, 180);
    // and one refused: 4 bytes from the last 2 of the function's 4 KiB
    constexpr uint16_t last_two_bytes = 4096 - 2;
    b.cpu->steps.push_back(
        {tlm::TLM_READ_COMMAND, b.top->device.pf_rid(), last_two_bytes, 4, 0, true});
#ifdef AT_NB_PLAIN
    for (step& s : b.cpu->steps) {
        s.details = false;
    }
#endif
}

// Both tests look at the one simulation of the three platforms.
void run_once() {
    static bool ran = false;
    if (!ran) {
        ran = true;
        sc_core::sc_start();
    }
}

TEST(AtNbPath, TheSameStreamGivesTheSameCompletionsAndTimesAsTheBlockingPath) {
    run_once();
    ASSERT_EQ(blocking.cpu->seen.size(), blocking.cpu->steps.size());
    ASSERT_EQ(nb.cpu->answered, nb.cpu->steps.size());
    EXPECT_EQ(nb.cpu->bad_phases, 0u);
    for (size_t i = 0; i < blocking.cpu->seen.size(); ++i) {
        const outcome& a = blocking.cpu->seen[i];
        const outcome& b = nb.cpu->seen[i];
        EXPECT_EQ(a, b) << "access " << i << ": status " << a.status << "/" << b.status << ", data "
                        << a.data << "/" << b.data << ", time " << a.time_ps << "/" << b.time_ps
                        << ", TLPs " << a.details.tlps_sent << "/" << b.details.tlps_sent
                        << ", latency " << a.details.latency_ps << "/" << b.details.latency_ps;
    }
    const root_complex::root_complex& x = blocking.top->rc;
    const root_complex::root_complex& y = nb.top->rc;
    EXPECT_EQ(x.tlps_sent(), y.tlps_sent());
    EXPECT_EQ(x.crs_retries(), y.crs_retries());
    EXPECT_EQ(x.timeouts(), y.timeouts());
    // The stream reached every outcome it was built for.
    EXPECT_GT(x.crs_retries(), 0u);
    EXPECT_EQ(x.timeouts(), 1u);
    size_t failed = 0;
    size_t refused = 0;
    for (const outcome& o : blocking.cpu->seen) {
        failed += o.status == tlm::TLM_GENERIC_ERROR_RESPONSE;
        refused += o.status == tlm::TLM_ADDRESS_ERROR_RESPONSE;
    }
    EXPECT_GT(failed, 0u);
    EXPECT_EQ(refused, 1u);
    // Only the refused access ends inside nb_transport_fw (the absent VF is
    // on a forwarded bus: its UR comes from the endpoint).
    EXPECT_EQ(nb.cpu->completed_at_once, 1u);
#ifdef AT_NB_PLAIN
    EXPECT_EQ(config_access_extension::alive(), 0u); // the fast paths were taken
#endif
}

TEST(AtNbPath, ManyAccessesAtOnceHoldNoMoreTagsThanMaxOutstanding) {
    run_once();
    ASSERT_EQ(many.cpu->answered, many.cpu->steps.size());
    EXPECT_EQ(many.cpu->bad_phases, 0u);
    EXPECT_EQ(many.top->rc.max_outstanding_seen(), many.top->rc.config().max_outstanding);
    // Every read of the Vendor/Device ID DW got its function's IDs.
    for (size_t i = 0; i < many.cpu->seen.size(); ++i) {
        const auto ids = many.top->device.peek_dw(many.cpu->steps[i].target, 0);
        ASSERT_TRUE(ids.has_value());
        EXPECT_EQ(many.cpu->seen[i].status, tlm::TLM_OK_RESPONSE) << i;
        EXPECT_EQ(many.cpu->seen[i].data, *ids) << i;
    }
    // The endpoint answers one request at a time: no two completions at once.
    for (size_t i = 1; i < many.cpu->seen.size(); ++i) {
        EXPECT_NE(many.cpu->seen[i].time_ps, many.cpu->seen[i - 1].time_ps) << i;
    }
}

// BEGIN_RESP of a one-DW access comes ahead of its completion time, and its
// tag stays held until then: with max_outstanding 1, an access started at the
// BEGIN_RESP (due before that time) waits for the tag and starts at the
// first one's completion time; one started after the annotated delay goes
// the same way. Were the tag freed at the BEGIN_RESP, the second access
// would complete earlier than the third.
TEST(AtNbPath, AHeldTagKeepsTheOutstandingLimitUntilItsTime) {
    run_once();
    const nb_initiator& cpu = *held.cpu;
    ASSERT_EQ(cpu.answered, 3u);
    EXPECT_EQ(cpu.bad_phases, 0u);
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(cpu.seen[i].status, tlm::TLM_OK_RESPONSE) << i;
        EXPECT_EQ(cpu.seen[i].data, *held.top->device.peek_dw(cpu.steps[i].target, 0)) << i;
    }
    const uint64_t first = cpu.seen[0].time_ps; // started at 0
    EXPECT_LT(cpu.told_ps[0], first);           // answered ahead, delay annotated
    EXPECT_EQ(cpu.seen[1].time_ps, 2 * first);  // waited for the held tag
    EXPECT_EQ(cpu.seen[2].time_ps, 3 * first);  // started at the annotated time
    EXPECT_EQ(held.top->rc.max_outstanding_seen(), 1u);
}

} // namespace

namespace sriov::test {
void elaborate() {
    make<blocking_bench, blocking_initiator>(blocking, "blocking", at_config());
    blocking.cpu->socket.bind(blocking.top->rc.ecam);
    make<nb_bench, nb_initiator>(nb, "nb", at_config());
    nb.cpu->socket.bind(nb.top->rc.ecam_nb);

    tb::platform_config cfg = at_config();
    cfg.rc.max_outstanding = 3;
    many.top = std::make_unique<tb::platform>("many", cfg);
    test::enable_vfs(many.top->device, 8);
    many.cpu = std::make_unique<nb_initiator>("many_cpu");
    many.cpu->all_at_once = true;
    for (unsigned i = 0; i < 16; ++i) {
        const routing_id t =
            i % 2 == 0 ? many.top->device.pf_rid() : many.top->device.vf_rid(i % 8);
        many.cpu->steps.push_back({tlm::TLM_READ_COMMAND, t, reg::vendor_id, 4, 0, false});
    }
    many.cpu->socket.bind(many.top->rc.ecam_nb);

    cfg.rc.max_outstanding = 1;
    held.top = std::make_unique<tb::platform>("held", cfg);
    held.cpu = std::make_unique<nb_initiator>("held_cpu");
    held.cpu->start_next_at_once_after = 0;
    for (unsigned i = 0; i < 3; ++i) {
        held.cpu->steps.push_back(
            {tlm::TLM_READ_COMMAND, held.top->device.pf_rid(), reg::vendor_id, 4, 0, false});
    }
    held.cpu->socket.bind(held.top->rc.ecam_nb);
}
} // namespace sriov::test
