// The AT path between the model's own modules goes by direct call
// (at_direct_if.h: the root complex hands the TLP to the link, the link to
// the endpoint, and the completion comes back the same way); with a user's
// interconnect in between, the modules on either side use their TLM sockets
// (nb_transport_fw/_bw with phases). On each platform a blocking initiator
// runs access_stream.h's stream (CRS retries, failures, a dropped
// completion) while an nb_transport initiator starts 16 accesses at once,
// and a second one runs the stream one access at a time with annotated
// delays: the three contend for tags and for the link. Every way must give
// the same data, responses, details, completion times and counts. A fourth
// platform is the direct one with the two nb initiators bound to a user's
// socket that offers ecam_nb (a hierarchical bind, the tlm_utils binders)
// instead of ecam_nb itself (the root complex's own binders): each answer
// must still reach the initiator that asked.
#include "access_stream.h"
#include "at_initiators.h"
#include "forwarded_platform.h"
#include "sriov/pcie/registers.h"
#include "sriov/tb/platform.h"

#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <vector>

namespace {

using namespace sriov;
using test::blocking_initiator;
using test::nb_initiator;
using test::outcome;

struct bench : test::platform_under_test {
    std::unique_ptr<blocking_initiator> cpu;
    std::unique_ptr<nb_initiator> burst;  // 16 accesses at once
    std::unique_ptr<nb_initiator> stream; // one at a time, annotated delays
};

bench direct, forwarded, endpoint_forwarded, exported;

// A user's module that offers the root complex's ecam_nb as its own socket.
struct ecam_nb_exporter : sc_core::sc_module {
    tlm_utils::multi_passthrough_target_socket<ecam_nb_exporter, 32, tlm::tlm_base_protocol_types,
                                               0, sc_core::SC_ZERO_OR_MORE_BOUND>
        ecam_nb{"ecam_nb"};
    ecam_nb_exporter(sc_core::sc_module_name n, root_complex::root_complex& rc)
        : sc_core::sc_module(n) {
        ecam_nb.bind(rc.ecam_nb);
    }
};
std::unique_ptr<ecam_nb_exporter> exporter;

template <typename System>
void make(bench& b, const char* name, bool through_exporter = false) {
    tb::platform_config cfg = test::stream_config(root_complex::coding_style::at);
    cfg.rc.completion_timeout_ps = 20'000'000; // the dropped completion times out soon
    cfg.rc.max_outstanding = 3;
    b.build<System>(name, cfg);
    test::enable_vfs(*b.device, 8);
    b.ep->inject_fault({endpoint::fault_kind::drop_completion, /*after=*/150, /*count=*/1});
    const std::string n(name);
    b.cpu = std::make_unique<blocking_initiator>((n + "_cpu").c_str());
    b.cpu->steps = test::access_stream(*b.device, b.rc->port().rid(), 240, 180);
    b.cpu->socket.bind(b.rc->ecam);
    b.burst = std::make_unique<nb_initiator>((n + "_burst").c_str());
    b.burst->all_at_once = true;
    for (unsigned i = 0; i < 16; ++i) {
        const routing_id t = i % 2 == 0 ? b.device->pf_rid() : b.device->vf_rid(i % 8);
        b.burst->steps.push_back({tlm::TLM_READ_COMMAND, t, reg::vendor_id, 4, 0, false});
    }
    b.stream = std::make_unique<nb_initiator>((n + "_stream").c_str());
    b.stream->steps = test::access_stream(*b.device, b.rc->port().rid(), 120, 90);
    if (through_exporter) {
        exporter = std::make_unique<ecam_nb_exporter>((n + "_exporter").c_str(), *b.rc);
        b.burst->socket.bind(exporter->ecam_nb);
        b.stream->socket.bind(exporter->ecam_nb);
    } else {
        b.burst->socket.bind(b.rc->ecam_nb);
        b.stream->socket.bind(b.rc->ecam_nb);
    }
}

void expect_same(const std::vector<outcome>& x, const std::vector<outcome>& y, const char* what) {
    ASSERT_EQ(x.size(), y.size()) << what;
    for (size_t i = 0; i < x.size(); ++i) {
        EXPECT_EQ(x[i], y[i]) << what << ", access " << i << ": status " << x[i].status << "/"
                              << y[i].status << ", data " << x[i].data << "/" << y[i].data
                              << ", time " << x[i].time_ps << "/" << y[i].time_ps;
    }
}

void expect_same_run(const bench& a, const bench& b, const char* what) {
    expect_same(a.cpu->seen, b.cpu->seen, what);
    expect_same(a.burst->seen, b.burst->seen, what);
    expect_same(a.stream->seen, b.stream->seen, what);
    test::expect_same_counts(a, b, what);
}

TEST(AtDirectPath, TheSocketsGiveWhatTheDirectCallsGive) {
    sc_core::sc_start();
    EXPECT_TRUE(direct.rc->at_direct());
    EXPECT_FALSE(forwarded.rc->at_direct());
    EXPECT_TRUE(endpoint_forwarded.rc->at_direct()); // to the link; the link uses its socket
    // Every access of every initiator was answered.
    ASSERT_EQ(direct.cpu->seen.size(), direct.cpu->steps.size());
    ASSERT_EQ(direct.burst->answered, direct.burst->steps.size());
    ASSERT_EQ(direct.stream->answered, direct.stream->steps.size());
    expect_same_run(direct, forwarded, "through both sockets");
    expect_same_run(direct, endpoint_forwarded, "through the endpoint's socket");
    ASSERT_EQ(exported.burst->answered, exported.burst->steps.size());
    ASSERT_EQ(exported.stream->answered, exported.stream->steps.size());
    EXPECT_EQ(exported.burst->bad_phases + exported.stream->bad_phases, 0u);
    expect_same_run(direct, exported, "through a user's socket offering ecam_nb");
    // The run reached what it was built for: contention at the limit, CRS
    // retries, a timeout, failed accesses.
    EXPECT_EQ(direct.rc->max_outstanding_seen(), 3u);
    EXPECT_GT(direct.rc->crs_retries(), 0u);
    EXPECT_EQ(direct.rc->timeouts(), 1u);
    size_t failed = 0;
    for (const outcome& o : direct.cpu->seen) {
        failed += o.status != tlm::TLM_OK_RESPONSE;
    }
    EXPECT_GT(failed, 0u);
    // Every TLP of the forwarded platforms crossed their interconnects.
    auto& fwd = static_cast<test::forwarded_platform&>(*forwarded.owner);
    EXPECT_EQ(fwd.rc_to_link.forwarded, forwarded.rc->tlps_sent());
    EXPECT_EQ(fwd.link_to_ep.forwarded, forwarded.rc->tlps_sent());
    auto& epf = static_cast<test::endpoint_forwarded_platform&>(*endpoint_forwarded.owner);
    EXPECT_EQ(epf.link_to_ep.forwarded, endpoint_forwarded.rc->tlps_sent());
}

} // namespace

namespace sriov::test {
void elaborate() {
    make<tb::platform>(direct, "direct");
    make<forwarded_platform>(forwarded, "forwarded");
    make<endpoint_forwarded_platform>(endpoint_forwarded, "endpoint_forwarded");
    make<tb::platform>(exported, "exported", true);
}
} // namespace sriov::test
