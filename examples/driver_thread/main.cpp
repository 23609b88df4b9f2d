// Example (b): your own driver thread calling the Windows SR-IOV APIs. The
// platform is the built-in device (the Intel 82599 of docs/config-space-map.md)
// with short readiness windows; the PCI bus driver's
// GUID_PCI_VIRTUALIZATION_INTERFACE (sw-stubs) is a TLM initiator bound to the
// root complex. The driver thread queries the interface the KMDF way,
// enables 4 VFs, reads VF 1's header, sets its Bus Master Enable and reads it
// back, and locates the VF as pci.sys reports it.
#include "check.h"

#include <sriov/pcie/registers.h>
#include <sriov/sw_stubs/pci_virtualization_bus.h>
#include <sriov/tb/platform.h>
#include <win/wdf_query_stub.h>

#include <cstring>
#include <systemc>

using example::check;
using example::check_value;

struct my_driver : sc_core::sc_module {
    sriov::sw_stubs::pci_virtualization_bus& bus;
    bool done = false;

    SC_HAS_PROCESS(my_driver);
    my_driver(sc_core::sc_module_name name, sriov::sw_stubs::pci_virtualization_bus& b)
        : sc_core::sc_module(name), bus(b) {
        SC_THREAD(run);
    }

    void run() {
        PCI_VIRTUALIZATION_INTERFACE vi;
        std::memset(&vi, 0, sizeof vi);
        const NTSTATUS q =
            WdfFdoQueryForInterface(bus.wdf_device(), &GUID_PCI_VIRTUALIZATION_INTERFACE,
                                    reinterpret_cast<PINTERFACE>(&vi), sizeof vi, 1, nullptr);
        check(NT_SUCCESS(q), "WdfFdoQueryForInterface(GUID_PCI_VIRTUALIZATION_INTERFACE)");

        check_value(static_cast<ULONG>(vi.EnableVirtualization(vi.Context, 4, FALSE, FALSE, TRUE)),
                    static_cast<ULONG>(STATUS_SUCCESS), "EnableVirtualization(4 VFs)");

        unsigned char header[64] = {};
        check_value(vi.GetVirtualFunctionData(vi.Context, 1, header, 0, sizeof header),
                    sizeof header, "GetVirtualFunctionData(VF 1, 64 bytes) length");
        // SR-IOV 3.4.1.1: a VF's Vendor ID and Device ID read FFFFh.
        check_value(static_cast<unsigned>(header[sriov::reg::vendor_id] |
                                          header[sriov::reg::vendor_id + 1] << 8),
                    0xFFFF, "VF 1 Vendor ID");

        uint16_t bme = sriov::bits::command_bus_master; // the routine takes a PVOID
        check_value(vi.SetVirtualFunctionData(vi.Context, 1, &bme, sriov::reg::command, 2), 2,
                    "SetVirtualFunctionData(VF 1 Command = Bus Master Enable) length");
        uint16_t command = 0;
        check_value(vi.GetVirtualFunctionData(vi.Context, 1, &command, sriov::reg::command, 2), 2,
                    "GetVirtualFunctionData(VF 1 Command) length");
        check_value(command, bme, "VF 1 Command");

        // The 82599 puts VF k at First VF Offset 0x180 + k * stride 2 from the PF.
        UINT16 segment = 0xFFFF;
        UINT8 bus_number = 0;
        UINT8 function = 0;
        check_value(
            static_cast<ULONG>(vi.GetLocation(vi.Context, 1, &segment, &bus_number, &function)),
            static_cast<ULONG>(STATUS_SUCCESS), "GetLocation(VF 1)");
        const unsigned rid = 0x0100 + 0x180 + 2;
        check_value(segment, 0, "VF 1 segment");
        check_value(bus_number, rid >> 8, "VF 1 bus");
        check_value(function, rid & 0xFF, "VF 1 ARI function number");
        done = true;
    }
};

int sc_main(int, char*[]) {
    sriov::tb::platform_config cfg; // the built-in device
    cfg.profile.reset_ready_ns = 0;
    cfg.profile.vf_enable_ready_ns = cfg.profile.flr_ready_ns = 1000;
    sriov::tb::platform platform("platform", cfg);

    sriov::sw_stubs::stub_config waits; // software waits past the device's windows
    waits.vf_enable_wait = waits.flr_wait = sc_core::sc_time(2, sc_core::SC_US);
    sriov::sw_stubs::pci_virtualization_bus bus("pci_bus", sriov::routing_id(0x0100), waits);
    bus.socket.bind(platform.rc.ecam);
    my_driver driver("driver", bus);

    sc_core::sc_start();
    check(driver.done, "the driver thread ran to its end");
    return 0;
}
