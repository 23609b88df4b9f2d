// Platforms with a user's interconnect (a pass-through) between the
// model's modules, so the modules on both sides meet the TLM sockets
// instead of their direct calls (tlp_direct_if.h, at_direct_if.h): tests run
// the same stream on them and on tb::platform and require the same results
// and counts (expect_same_counts).
#pragma once

#include "sriov/tb/platform.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <memory>
#include <systemc>
#include <tlm>

namespace sriov::test {

// A user's interconnect between two of the model's sockets: it forwards the
// generic payload unchanged, so the modules on both sides meet b_transport.
struct pass_through : sc_core::sc_module, tlm::tlm_fw_transport_if<>, tlm::tlm_bw_transport_if<> {
    tlm::tlm_target_socket<> in{"in"};
    tlm::tlm_initiator_socket<> out{"out"};
    uint64_t forwarded = 0; // requests: b_transport calls and BEGIN_REQs

    explicit pass_through(sc_core::sc_module_name n) : sc_core::sc_module(n) {
        in.bind(*this);
        out.bind(*this);
    }
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) override {
        ++forwarded;
        out->b_transport(gp, delay);
    }
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override {
        forwarded += phase == tlm::BEGIN_REQ;
        return out->nb_transport_fw(gp, phase, delay);
    }
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override {
        return in->nb_transport_bw(gp, phase, delay);
    }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) override { return false; }
    unsigned transport_dbg(tlm::tlm_generic_payload&) override { return 0; }
    void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}
};

// tb::platform with a pass_through between the link and the endpoint; the
// root complex's side is the derived platform's.
struct endpoint_side_forwarded : sc_core::sc_module {
    config::sriov_device device;
    root_complex::root_complex rc;
    link::pcie_link link;
    pass_through link_to_ep{"link_to_ep"};
    endpoint::sriov_endpoint ep;

    endpoint_side_forwarded(sc_core::sc_module_name n, const tb::platform_config& cfg)
        : sc_core::sc_module(n), device(cfg.profile), rc("rc", cfg.rc), link("link", cfg.link),
          ep("ep", device) {
        link.downstream_port.bind(link_to_ep.in);
        link_to_ep.out.bind(ep.port);
    }
};

// A pass_through on each side of the link.
struct forwarded_platform : endpoint_side_forwarded {
    pass_through rc_to_link{"rc_to_link"};

    forwarded_platform(sc_core::sc_module_name n, const tb::platform_config& cfg)
        : endpoint_side_forwarded(n, cfg) {
        rc.link_port.bind(rc_to_link.in);
        rc_to_link.out.bind(link.upstream_port);
    }
};

// A pass_through between the link and the endpoint only: the root complex
// reaches the link directly, the link the endpoint through its socket.
struct endpoint_forwarded_platform : endpoint_side_forwarded {
    endpoint_forwarded_platform(sc_core::sc_module_name n, const tb::platform_config& cfg)
        : endpoint_side_forwarded(n, cfg) {
        rc.link_port.bind(link.upstream_port);
    }
};

// One system under test, whichever platform holds it (tb::platform or one
// above): its modules and the platform that owns them.
struct platform_under_test {
    std::unique_ptr<sc_core::sc_module> owner;
    config::sriov_device* device = nullptr;
    root_complex::root_complex* rc = nullptr;
    link::pcie_link* link = nullptr;
    endpoint::sriov_endpoint* ep = nullptr;

    template <typename System>
    void build(const char* name, const tb::platform_config& cfg) {
        auto top = std::make_unique<System>(name, cfg);
        device = &top->device;
        rc = &top->rc;
        link = &top->link;
        ep = &top->ep;
        owner = std::move(top);
    }
};

// The root complex's, endpoint's and link's counts of two runs are equal.
inline void expect_same_counts(const platform_under_test& a, const platform_under_test& b,
                               const char* what) {
    EXPECT_EQ(a.rc->crs_retries(), b.rc->crs_retries()) << what;
    EXPECT_EQ(a.rc->tlps_sent(), b.rc->tlps_sent()) << what;
    EXPECT_EQ(a.rc->timeouts(), b.rc->timeouts()) << what;
    EXPECT_EQ(a.rc->max_outstanding_seen(), b.rc->max_outstanding_seen()) << what;
    EXPECT_EQ(a.ep->requests(), b.ep->requests()) << what;
    EXPECT_EQ(a.link->tlps_down(), b.link->tlps_down()) << what;
    EXPECT_EQ(a.link->tlps_up(), b.link->tlps_up()) << what;
    EXPECT_EQ(a.link->acks_sent(), b.link->acks_sent()) << what;
}

} // namespace sriov::test
