// The platform the software stub tests drive (one elaboration per test
// binary): tb::platform with fast readiness, the three config-space API
// families and the io_space of the register routines, a call log and a log of
// the config requests on the link.
#pragma once

#include "sriov/sw_stubs/io_space.h"
#include "sriov/sw_stubs/ndis_pf_miniport.h"
#include "sriov/sw_stubs/pci_virtualization_bus.h"
#include "sriov/sw_stubs/pcivirt_pf_driver.h"
#include "sriov/tb/platform.h"
#include "stub_platform.h"

#include <functional>
#include <memory>
#include <systemc>
#include <vector>

namespace sriov::test {

using namespace sriov::sw_stubs;

struct recorder : api_call_observer {
    std::vector<api_call_record> calls;
    void on_call(const api_call_record& r) override { calls.push_back(r); }
};

// The config requests on the link (the root complex sends them downstream).
struct request_log : link::tlp_observer {
    std::vector<tlp> requests;
    void on_tlp(uint64_t, link::direction dir, const tlp& t) override {
        if (dir == link::direction::downstream) {
            requests.push_back(t);
        }
    }
};

constexpr uint64_t completion_timeout_ps = 50'000'000; // 50 us

struct rig {
    tb::platform top{"top", fast_stub_platform(completion_timeout_ps)};
    config::sriov_device& dev = top.device;
    pci_virtualization_bus bus{"bus", routing_id(0x0100), fast_stub_waits()};
    ndis_pf_miniport ndis{"ndis", routing_id(0x0100), fast_stub_waits()};
    pcivirt_pf_driver pcivirt{"pcivirt", routing_id(0x0100), fast_stub_waits()};
    io_space io{"io"}; // a driver's register accesses (MmMapIoSpaceEx, NdisMMapIoSpace)
    recorder log;
    request_log wire;
    rig() {
        bus.socket.bind(top.rc.ecam);
        ndis.socket.bind(top.rc.ecam);
        pcivirt.socket.bind(top.rc.ecam);
        io.socket.bind(top.rc.mmio.host);
        top.link.add_observer(&wire);
        bus.set_observer(&log);
        ndis.set_observer(&log);
        pcivirt.set_observer(&log);
    }
};

// The one rig of the test binary (elaborate() in test_sw_stubs.cpp builds it).
inline std::unique_ptr<rig> g_rig;

// Runs body in an SC_THREAD on a freshly reset device and software state.
inline void run(const std::function<void(rig&)>& body) {
    rig& r = *g_rig;
    r.top.ep.clear_faults();
    r.top.ep.reset();
    r.bus.on_device_reset();
    r.ndis.on_device_reset();
    r.ndis.register_virtual_bus_driver(nullptr);
    r.pcivirt.on_device_reset();
    r.wire.requests.clear();
    r.log.calls.clear();
    sc_core::sc_spawn([&r, &body] { body(r); });
    sc_core::sc_start();
}

} // namespace sriov::test
