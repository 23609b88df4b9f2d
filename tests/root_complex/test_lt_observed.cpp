// The LT per-TLP path is lean while nothing watches it (the root complex,
// the link and the endpoint call each other directly with the TLP, the
// endpoint answers in place, no simulated time is read for the link's
// observers); with a link observer (the transaction log, the VCD monitor)
// and an endpoint request observer (the RTL shadow) attached it takes the
// full path; with a user's interconnect between the modules the TLP travels
// as a generic payload through b_transport. All three must give the same
// data, responses and simulated times for the same stream (access_stream.h:
// aligned DWs take the root complex's hot path, the others its general one).
#include "access_stream.h"
#include "forwarded_platform.h"
#include "sriov/link/tlp_observer.h"
#include "sriov/pcie/ecam.h"
#include "sriov/pcie/registers.h"
#include "sriov/pcie/sim_time.h"
#include "sriov/tb/platform.h"

#include <cstring>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <vector>

namespace {

using namespace sriov;
using test::forwarded_platform;
using test::outcome;
using test::step;

// An LT initiator as bench_cosim drives one: plain payloads (no extension),
// a quantum keeper, the local time carried from access to access.
struct initiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<initiator> socket;
    std::vector<step> steps;
    std::vector<outcome> seen;

    explicit initiator(sc_core::sc_module_name n) : sc_core::sc_module(n), socket("socket") {
        SC_HAS_PROCESS(initiator);
        SC_THREAD(run);
    }

    void run() {
        tlm_utils::tlm_quantumkeeper qk;
        qk.reset();
        for (const step& s : steps) {
            uint64_t data = 0;
            tlm::tlm_generic_payload gp;
            test::set_payload(gp, data, s);
            sc_core::sc_time local = qk.get_local_time();
            socket->b_transport(gp, local);
            qk.set(local);
            seen.push_back({gp.get_response_status(),
                            data,
                            time_to_ps(sc_core::sc_time_stamp() + qk.get_local_time()),
                            {}});
            if (qk.need_sync()) {
                qk.sync();
            }
        }
    }
};

struct tlp_counter : link::tlp_observer {
    uint64_t tlps = 0;
    void on_tlp(uint64_t, link::direction, const tlp&) override { ++tlps; }
};

struct request_counter : endpoint::request_observer {
    uint64_t requests = 0;
    void on_request(const tlp&, const tlp*, uint64_t) override { ++requests; }
};

// One system under test: tb::platform or forwarded_platform.
struct bench : test::platform_under_test {
    std::unique_ptr<initiator> cpu;
};

bench plain, observed, forwarded;
tlp_counter link_seen;
request_counter endpoint_seen;

template <typename System>
void make(bench& b, const char* name) {
    b.build<System>(name, test::stream_config(root_complex::coding_style::lt));
    test::enable_vfs(*b.device, 8);
    b.cpu = std::make_unique<initiator>((std::string(name) + "_cpu").c_str());
    b.cpu->socket.bind(b.rc->ecam);
    b.cpu->steps = test::access_stream(*b.device, b.rc->port().rid(), 600, 450);
}

void expect_same_outcomes(const bench& a, const bench& b, const char* what) {
    ASSERT_EQ(a.cpu->seen.size(), a.cpu->steps.size());
    ASSERT_EQ(b.cpu->seen.size(), a.cpu->seen.size()) << what;
    for (size_t i = 0; i < a.cpu->seen.size(); ++i) {
        const outcome& x = a.cpu->seen[i];
        const outcome& y = b.cpu->seen[i];
        EXPECT_EQ(x, y) << what << ", access " << i << ": status " << x.status << "/" << y.status
                        << ", data " << x.data << "/" << y.data << ", time " << x.time_ps << "/"
                        << y.time_ps;
    }
    test::expect_same_counts(a, b, what);
}

TEST(LtObservedPath, TheSameStreamGivesTheSameResultsAndTimesOnEveryPath) {
    sc_core::sc_start();
    // The plain and observed platforms call across directly; the forwarded
    // one cannot (a foreign module in between) and uses the generic payload.
    EXPECT_TRUE(plain.rc->lt_direct());
    EXPECT_TRUE(observed.rc->lt_direct());
    EXPECT_FALSE(forwarded.rc->lt_direct());
    expect_same_outcomes(plain, observed, "with observers");
    expect_same_outcomes(plain, forwarded, "through b_transport");
    // The stream reached every outcome it was built for.
    EXPECT_GT(plain.rc->crs_retries(), 0u);
    size_t failed = 0;
    for (const outcome& o : plain.cpu->seen) {
        failed += o.status != tlm::TLM_OK_RESPONSE;
    }
    EXPECT_GT(failed, 0u);
    EXPECT_LT(failed, plain.cpu->seen.size());
    // The observers saw every TLP: both directions on the link, every request at the endpoint.
    EXPECT_EQ(link_seen.tlps, 2 * observed.rc->tlps_sent());
    EXPECT_EQ(endpoint_seen.requests, observed.ep->requests());
    // Every TLP of the forwarded platform crossed both interconnects.
    auto& fwd = static_cast<forwarded_platform&>(*forwarded.owner);
    EXPECT_EQ(fwd.rc_to_link.forwarded, forwarded.rc->tlps_sent());
    EXPECT_EQ(fwd.link_to_ep.forwarded, forwarded.rc->tlps_sent());
}

} // namespace

namespace sriov::test {
void elaborate() {
    tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US));
    make<tb::platform>(plain, "plain");
    make<tb::platform>(observed, "observed");
    make<forwarded_platform>(forwarded, "forwarded");
    observed.link->add_observer(&link_seen);
    observed.ep->add_observer(&endpoint_seen);
}
} // namespace sriov::test
