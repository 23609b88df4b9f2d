// Bench program: host-side API calls per second for 4-byte and 64-byte VF
// config writes (and reads) through each software stub family, LT style,
// through the real platform (tb/platform: root complex -> PCIe link ->
// SR-IOV endpoint -> config space). Each call validates, issues one ECAM
// access (1 or 16 CfgWr0/CfgRd0 TLPs and their completions), and syncs the
// thread (one SystemC wait per call). Prints one line per case.
#include "sriov/sw_stubs/ndis_pf_miniport.h"
#include "sriov/sw_stubs/pci_virtualization_bus.h"
#include "sriov/sw_stubs/pcivirt_pf_driver.h"
#include "sriov/tb/platform.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <systemc>
#include <vector>

using namespace sriov;
using namespace sriov::sw_stubs;

namespace {

struct result {
    std::string name;
    unsigned calls;
    double seconds;
    unsigned failures;
};

} // namespace

int sc_main(int argc, char* argv[]) {
    const unsigned calls =
        argc > 1 ? static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10)) : 20000;
    sc_core::sc_report_handler::set_verbosity_level(sc_core::SC_LOW);
    tlm::tlm_global_quantum::instance().set(sc_core::sc_time(10, sc_core::SC_US));
    tb::platform_config pc;
    pc.profile.reset_ready_ns = 0;
    pc.profile.vf_enable_ready_ns = 1000;
    tb::platform top("top", pc);
    const auto& profile = pc.profile;
    stub_config cfg;
    cfg.vf_enable_wait = sc_core::sc_time(2, sc_core::SC_US);
    pci_virtualization_bus bus("bus", routing_id(profile.pfs[0].pf_rid), cfg);
    ndis_pf_miniport ndis("ndis", routing_id(profile.pfs[0].pf_rid), cfg);
    pcivirt_pf_driver pcivirt("pcivirt", routing_id(profile.pfs[0].pf_rid), cfg);
    bus.socket.bind(top.rc.ecam);
    ndis.socket.bind(top.rc.ecam);
    pcivirt.socket.bind(top.rc.ecam);

    std::vector<result> results;
    sc_core::sc_spawn([&] {
        // NDIS enables the VFs (its routines require its own enable); the bus
        // and pcivirt families read the resulting state.
        if (NdisMEnableVirtualization(ndis.miniport_handle(), 8, FALSE, FALSE, TRUE) !=
            NDIS_STATUS_SUCCESS) {
            std::fprintf(stderr, "enable failed\n");
            return;
        }
        PCI_VIRTUALIZATION_INTERFACE vi{};
        bus.fill_interface(vi);
        // The bus family's routines need its own EnableVirtualization: after
        // the NDIS cases, disable through NDIS and enable through the bus.
        SRIOV_DEVICE_INTERFACE_STANDARD si{};
        pcivirt.fill_interface(si);

        unsigned char buf[64] = {};
        const auto measure = [&](const std::string& name,
                                 const std::function<bool(unsigned)>& call) {
            unsigned failures = 0;
            const auto t0 = std::chrono::steady_clock::now();
            for (unsigned i = 0; i < calls; ++i) {
                failures += call(i) ? 0 : 1;
            }
            const auto t1 = std::chrono::steady_clock::now();
            results.push_back(
                {name, calls, std::chrono::duration<double>(t1 - t0).count(), failures});
        };
        // Writes go to 0x0C.. (Cache Line Size .. BARs: RO/RsvdP in a VF) so the
        // device state stays stable across iterations.
        for (unsigned len : {4u, 64u}) {
            const std::string sz = std::to_string(len) + "B";
            measure("ndis NdisMSetVirtualFunctionBusData " + sz, [&](unsigned i) {
                return NdisMSetVirtualFunctionBusData(ndis.miniport_handle(),
                                                      static_cast<USHORT>(i % 8), buf, 0x0C,
                                                      len) == len;
            });
            measure("ndis NdisMGetVirtualFunctionBusData " + sz, [&](unsigned i) {
                return NdisMGetVirtualFunctionBusData(ndis.miniport_handle(),
                                                      static_cast<USHORT>(i % 8), buf, 0x0C,
                                                      len) == len;
            });
        }
        NdisMEnableVirtualization(ndis.miniport_handle(), 0, FALSE, FALSE, FALSE);
        vi.EnableVirtualization(vi.Context, 8, FALSE, FALSE, TRUE);
        pcivirt.prepare_hardware();
        for (unsigned len : {4u, 64u}) {
            const std::string sz = std::to_string(len) + "B";
            measure("pci_virtualization SetVirtualFunctionData " + sz, [&](unsigned i) {
                return vi.SetVirtualFunctionData(vi.Context, static_cast<USHORT>(i % 8), buf, 0x0C,
                                                 len) == len;
            });
            measure("pci_virtualization GetVirtualFunctionData " + sz, [&](unsigned i) {
                return vi.GetVirtualFunctionData(vi.Context, static_cast<USHORT>(i % 8), buf, 0x0C,
                                                 len) == len;
            });
            measure("pcivirt WriteVfConfig " + sz, [&](unsigned i) {
                return si.WriteVfConfig(si.Context, buf, static_cast<USHORT>(i % 8), 0x0C, len) ==
                       STATUS_SUCCESS;
            });
            measure("pcivirt ReadVfConfig " + sz, [&](unsigned i) {
                return si.ReadVfConfig(si.Context, buf, static_cast<USHORT>(i % 8), 0x0C, len) ==
                       STATUS_SUCCESS;
            });
        }
        measure("refused call (VF index out of range, no TLP) 4B", [&](unsigned) {
            return vi.SetVirtualFunctionData(vi.Context, 100, buf, 0x0C, 4) == 0;
        });
    });
    const auto t0 = sc_core::sc_time_stamp();
    sc_core::sc_start();
    std::printf("sw-stubs bench, LT, real platform (%s, RC + link + endpoint), %u calls per case\n",
                link::to_string(pc.link).c_str(), calls);
    std::printf("%-55s %12s %10s\n", "case", "calls/s", "failures");
    for (const auto& r : results) {
        std::printf("%-55s %12.0f %10u\n", r.name.c_str(), r.calls / r.seconds, r.failures);
    }
    std::printf("simulated time: %s\n", (sc_core::sc_time_stamp() - t0).to_string().c_str());
    return 0;
}
