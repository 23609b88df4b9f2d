// The LT per-TLP path is lean while nothing watches it (the endpoint answers
// in place, no simulated time is read for the link's observers); with a link
// observer (the transaction log, the VCD monitor) and an endpoint request
// observer (the RTL shadow) attached it takes the full path. Both must give
// the same data, responses and simulated times for the same stream: PF, VF,
// absent-VF and root-port accesses, aligned DWs (the root complex's hot path)
// and unaligned ones, writes, and a PF FLR whose readiness window is retried
// through CRS.
#include "default_layout.h"
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

struct step {
    tlm::tlm_command cmd = tlm::TLM_READ_COMMAND;
    routing_id target;
    uint16_t offset = 0;
    unsigned length = 4;
    uint32_t data = 0;
};

struct outcome {
    tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;
    uint32_t data = 0;
    uint64_t time_ps = 0; // the initiator's local time after the access
    friend bool operator==(const outcome& a, const outcome& b) {
        return a.status == b.status && a.data == b.data && a.time_ps == b.time_ps;
    }
};

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
            uint32_t data = s.data;
            tlm::tlm_generic_payload gp;
            gp.set_command(s.cmd);
            gp.set_address(ecam::address(s.target, s.offset));
            gp.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
            gp.set_data_length(s.length);
            gp.set_streaming_width(s.length);
            gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            sc_core::sc_time local = qk.get_local_time();
            socket->b_transport(gp, local);
            qk.set(local);
            seen.push_back({gp.get_response_status(), data,
                            time_to_ps(sc_core::sc_time_stamp() + qk.get_local_time())});
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

tb::platform_config lt_config() {
    tb::platform_config cfg;
    cfg.profile.reset_ready_ns = 0;
    cfg.profile.vf_enable_ready_ns = 0;
    cfg.profile.flr_ready_ns = 3'000; // 3 us: the root complex retries CRS a few times
    cfg.rc.mode = root_complex::coding_style::lt;
    return cfg;
}

struct bench {
    std::unique_ptr<tb::platform> top;
    std::unique_ptr<initiator> cpu;
};

bench plain, observed;
tlp_counter link_seen;
request_counter endpoint_seen;

// The stream: targets in turn (the PF, 8 VFs, an absent VF, the root port),
// five kinds of access in turn, and an FLR of the PF three quarters in.
std::vector<step> stream(const config::sriov_device& dev, routing_id root_port) {
    std::vector<routing_id> targets{dev.pf_rid()};
    for (uint16_t k = 0; k < dev.active_vfs(); ++k) {
        targets.push_back(dev.vf_rid(k));
    }
    targets.push_back(dev.vf_rid(dev.active_vfs())); // absent: UR, reads all-ones
    targets.push_back(root_port);
    std::vector<step> s;
    for (unsigned i = 0; i < 600; ++i) {
        const routing_id t = targets[i % targets.size()];
        switch (i % 5) {
        case 0:
            s.push_back({tlm::TLM_READ_COMMAND, t, reg::command, 4, 0});
            break;
        case 1: // Bus Master Enable toggles
            s.push_back({tlm::TLM_WRITE_COMMAND, t, reg::command, 4, (i & 2u) << 1});
            break;
        case 2:
            s.push_back({tlm::TLM_READ_COMMAND, t, reg::vendor_id, 4, 0});
            break;
        case 3: // unaligned: the root complex's general path
            s.push_back({tlm::TLM_WRITE_COMMAND, t, reg::cache_line_size, 2, 0x0010 + i});
            break;
        default:
            s.push_back({tlm::TLM_READ_COMMAND, t, default_layout::dev_ctrl, 4, 0});
            break;
        }
        if (i == 450) { // the PF answers CRS for flr_ready_ns; its VFs are gone
            s.push_back({tlm::TLM_WRITE_COMMAND, dev.pf_rid(), default_layout::dev_ctrl, 2,
                         bits::dev_ctrl_initiate_flr});
        }
    }
    return s;
}

void make(bench& b, const char* name) {
    b.top = std::make_unique<tb::platform>(name, lt_config());
    config::sriov_device& dev = b.top->device;
    const uint16_t sriov = dev.pf_layout().capability_offset(config::capability_kind::sriov);
    dev.write(dev.pf_rid(), static_cast<uint16_t>(sriov + sriov_field::num_vfs), 2, 8, 0);
    dev.write(dev.pf_rid(), static_cast<uint16_t>(sriov + sriov_field::ctrl), 2,
              bits::sriov_ctrl_vf_enable, 0);
    b.cpu = std::make_unique<initiator>((std::string(name) + "_cpu").c_str());
    b.cpu->socket.bind(b.top->rc.ecam);
    b.cpu->steps = stream(dev, b.top->rc.port().rid());
}

TEST(LtObservedPath, TheSameStreamGivesTheSameResultsAndTimesWithAndWithoutObservers) {
    sc_core::sc_start();
    ASSERT_EQ(plain.cpu->seen.size(), plain.cpu->steps.size());
    ASSERT_EQ(observed.cpu->seen.size(), plain.cpu->seen.size());
    for (size_t i = 0; i < plain.cpu->seen.size(); ++i) {
        const outcome& a = plain.cpu->seen[i];
        const outcome& b = observed.cpu->seen[i];
        EXPECT_EQ(a, b) << "access " << i << ": status " << a.status << "/" << b.status << ", data "
                        << a.data << "/" << b.data << ", time " << a.time_ps << "/" << b.time_ps;
    }
    // The stream reached every outcome it was built for, on both platforms alike.
    EXPECT_GT(plain.top->rc.crs_retries(), 0u);
    EXPECT_EQ(plain.top->rc.crs_retries(), observed.top->rc.crs_retries());
    EXPECT_EQ(plain.top->rc.tlps_sent(), observed.top->rc.tlps_sent());
    EXPECT_EQ(plain.top->ep.requests(), observed.top->ep.requests());
    size_t failed = 0;
    for (const outcome& o : plain.cpu->seen) {
        failed += o.status != tlm::TLM_OK_RESPONSE;
    }
    EXPECT_GT(failed, 0u);
    EXPECT_LT(failed, plain.cpu->seen.size());
    // The observers saw every TLP: both directions on the link, every request at the endpoint.
    EXPECT_EQ(link_seen.tlps, 2 * observed.top->rc.tlps_sent());
    EXPECT_EQ(endpoint_seen.requests, observed.top->ep.requests());
}

} // namespace

namespace sriov::test {
void elaborate() {
    tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US));
    make(plain, "plain");
    make(observed, "observed");
    observed.top->link.add_observer(&link_seen);
    observed.top->ep.add_observer(&endpoint_seen);
}
} // namespace sriov::test
