// The PCI bus driver's GUID_PCI_VIRTUALIZATION_INTERFACE (pci.sys) as a TLM
// initiator: SetVirtualFunctionData, GetVirtualFunctionData, GetLocation,
// GetResources, EnableVirtualization and GetVirtualFunctionProbedBars.
//
// Construct, bind `socket` to the root complex's `ecam` socket, then from an
// SC_THREAD either query the interface like a driver does
//     PCI_VIRTUALIZATION_INTERFACE vi{};
//     WdfFdoQueryForInterface(bus.wdf_device(), &GUID_PCI_VIRTUALIZATION_INTERFACE,
//                             (PINTERFACE)&vi, sizeof(vi), 1, NULL);
//     vi.EnableVirtualization(vi.Context, 4, FALSE, FALSE, TRUE);
//     vi.SetVirtualFunctionData(vi.Context, 0, buf, 0x04, 2);
// or call the member functions directly (same code path, same log).
#pragma once

#include "sriov/sw_stubs/interface_provider.h"
#include "win/wdm_virtualization.h"

namespace sriov::sw_stubs {

// wdf_device() is the PF's device stack; query_interface answers
// GUID_PCI_VIRTUALIZATION_INTERFACE.
class pci_virtualization_bus : public interface_provider {
public:
    pci_virtualization_bus(const sc_core::sc_module_name& name, routing_id pf_rid,
                           stub_config cfg = {});

    // Fills `vi` directly (what a successful query returns, unreferenced).
    void fill_interface(PCI_VIRTUALIZATION_INTERFACE& vi);

    // The routines, with the documented return rules (docs/sw-stubs.md).
    ULONG set_virtual_function_data(USHORT virtual_function, const void* buffer, ULONG offset,
                                    ULONG length);
    ULONG get_virtual_function_data(USHORT virtual_function, void* buffer, ULONG offset,
                                    ULONG length);
    NTSTATUS get_location(USHORT virtual_function, PUINT16 segment, PUINT8 bus, PUINT8 function);
    void get_resources(PUCHAR captured_bus_numbers);
    NTSTATUS enable_virtualization(UINT16 num_vfs, BOOLEAN enable_vf_migration,
                                   BOOLEAN enable_migration_interrupt,
                                   BOOLEAN enable_virtualization);
    NTSTATUS get_virtual_function_probed_bars(PULONG base_register_values);

    // Context -> live bus model, nullptr if Context is not one.
    static pci_virtualization_bus* from_context(PVOID context);

private:
    void fill_queried(PINTERFACE iface) override {
        fill_interface(*reinterpret_cast<PCI_VIRTUALIZATION_INTERFACE*>(iface));
    }
    ULONG data_access(bool write, USHORT vf, void* buffer, ULONG offset, ULONG length);
    // EnableVirtualization once the arguments passed and the SR-IOV state is read.
    NTSTATUS change_virtualization(api_call_record& rec, UINT16 num_vfs, BOOLEAN mig,
                                   BOOLEAN mig_int, BOOLEAN enable);
};

} // namespace sriov::sw_stubs
