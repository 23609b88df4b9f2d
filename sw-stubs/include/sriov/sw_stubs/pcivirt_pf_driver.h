// The PF driver side of pcivirt.h as a TLM initiator: the SRIOV_READ_CONFIG,
// SRIOV_WRITE_CONFIG and SRIOV_RESET_FUNCTION callbacks (plus
// GetVendorAndDevice and GetDeviceLocation) registered in
// SRIOV_DEVICE_INTERFACE_STANDARD, queried with
// GUID_SRIOV_DEVICE_INTERFACE_STANDARD by the virtualization stack:
//     SRIOV_DEVICE_INTERFACE_STANDARD si{};
//     WdfFdoQueryForInterface(pf.wdf_device(), &GUID_SRIOV_DEVICE_INTERFACE_STANDARD,
//                             (PINTERFACE)&si, sizeof(si), 1, NULL);
//     si.WriteVfConfig(si.Context, data, 0, 0x04, 2);
// prepare_hardware() (EvtDevicePrepareHardware) reads the PF's SR-IOV state;
// call it after VFs were enabled. All calls from an SC_THREAD.
#pragma once

#include "sriov/sw_stubs/interface_provider.h"
#include "win/pcivirt.h"

namespace sriov::sw_stubs {

// wdf_device() is the PF's device stack; query_interface answers
// GUID_SRIOV_DEVICE_INTERFACE_STANDARD.
class pcivirt_pf_driver : public interface_provider {
public:
    pcivirt_pf_driver(const sc_core::sc_module_name& name, routing_id pf_rid, stub_config cfg = {});

    // Fills `si` directly (what a successful query returns, unreferenced).
    void fill_interface(SRIOV_DEVICE_INTERFACE_STANDARD& si);

    // Reads Vendor ID and the SR-IOV capability. STATUS_SUCCESS,
    // STATUS_NOT_SUPPORTED without SR-IOV capability, or the in-flight error.
    NTSTATUS prepare_hardware();

    NTSTATUS read_vf_config(void* data, USHORT vf_index, ULONG offset, ULONG length);
    NTSTATUS write_vf_config(const void* data, USHORT vf_index, ULONG offset, ULONG length);
    NTSTATUS reset_vf(USHORT vf_index);
    void get_vendor_and_device(USHORT vf_index, PUSHORT vendor_id, PUSHORT device_id) const;
    void get_device_location(USHORT vf_index, PUINT16 segment, PUINT8 bus, PUINT8 function) const;

    static pcivirt_pf_driver* from_context(PVOID context);
    void on_device_reset() override {
        config_initiator::on_device_reset();
        prepared_ = false;
    }

private:
    void fill_queried(PINTERFACE iface) override {
        fill_interface(*reinterpret_cast<SRIOV_DEVICE_INTERFACE_STANDARD*>(iface));
    }
    NTSTATUS check_vf(api_call_record& rec, USHORT vf_index);
    NTSTATUS vf_config(bool write, void* data, USHORT vf_index, ULONG offset, ULONG length);
    // The FLR of ResetVf at the VF's PCI Express capability `pcie`.
    config_access_result flr(api_call_record& rec, routing_id vf, uint16_t pcie, NTSTATUS& status);
    bool prepared_ = false;
    uint16_t pf_vendor_id_ = 0xFFFF;
    // The VFs' PCI Express capability (every VF has the same layout), found by
    // walking the first reset VF's list, as pci.sys did when it enumerated it.
    uint16_t vf_pcie_cap_ = 0;
};

} // namespace sriov::sw_stubs
