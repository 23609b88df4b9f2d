// NDIS's SR-IOV services for a PF miniport as a TLM initiator:
// NdisMEnableVirtualization, NdisMSetVirtualFunctionBusData,
// NdisMGetVirtualFunctionBusData, plus the PF miniport's handling of
// OID_SRIOV_WRITE_VF_CONFIG_SPACE / OID_SRIOV_READ_VF_CONFIG_SPACE and the VF
// allocation that those OIDs check (standing in for OID_NIC_SWITCH_ALLOCATE_VF).
//
// The C routines of win/ndis_sriov.h find the model through the handle:
//     NDIS_HANDLE h = pf.miniport_handle();   // as passed to MiniportInitializeEx
//     NdisMEnableVirtualization(h, 4, FALSE, FALSE, TRUE);
//     NdisMSetVirtualFunctionBusData(h, 0, buf, 0x04, 2);
// All calls from an SC_THREAD.
#pragma once

#include "sriov/sw_stubs/config_initiator.h"
#include "win/ndis_sriov.h"
#include "win/wdm_virtualization.h"

#include <memory>
#include <set>

namespace sriov::sw_stubs {

class ndis_pf_miniport : public config_initiator {
public:
    ndis_pf_miniport(const sc_core::sc_module_name& name, routing_id pf_rid, stub_config cfg = {});
    ~ndis_pf_miniport() override;

    // NdisMiniportHandle of the PF adapter.
    NDIS_HANDLE miniport_handle() const;
    // The handle of a VF miniport on the same adapter family (NDIS refuses
    // the PF-only routines for it).
    NDIS_HANDLE vf_miniport_handle() const;

    // An IHV virtual bus driver (VBD) is part of the driver package: the NdisM
    // routines are then refused and the OIDs go through the VBD's
    // GUID_PCI_VIRTUALIZATION_INTERFACE instead. nullptr unregisters.
    void register_virtual_bus_driver(const PCI_VIRTUALIZATION_INTERFACE* vbd);

    // OID_NIC_SWITCH_ALLOCATE_VF / OID_NIC_SWITCH_FREE_VF, reduced to the VF id.
    NDIS_STATUS allocate_vf(NDIS_SRIOV_FUNCTION_ID vf_id);
    NDIS_STATUS free_vf(NDIS_SRIOV_FUNCTION_ID vf_id);
    bool vf_allocated(NDIS_SRIOV_FUNCTION_ID vf_id) const { return allocated_.count(vf_id) != 0; }

    // MiniportOidRequest for the two VF config-space OIDs (others: NOT_SUPPORTED).
    NDIS_STATUS oid_request(NDIS_OID_REQUEST& request);

    // The NdisM routines (the C functions forward here).
    NDIS_STATUS enable_virtualization(NDIS_HANDLE handle, USHORT num_vfs,
                                      BOOLEAN enable_vf_migration,
                                      BOOLEAN enable_migration_interrupt,
                                      BOOLEAN enable_virtualization);
    ULONG set_vf_bus_data(NDIS_HANDLE handle, NDIS_SRIOV_FUNCTION_ID vf_id, const void* buffer,
                          ULONG offset, ULONG length);
    ULONG get_vf_bus_data(NDIS_HANDLE handle, NDIS_SRIOV_FUNCTION_ID vf_id, void* buffer,
                          ULONG offset, ULONG length);

    bool virtualization_enabled() const { return ndis_enabled_; }
    void on_device_reset() override {
        config_initiator::on_device_reset();
        ndis_enabled_ = false;
        allocated_.clear();
    }

    struct adapter; // handle target (implementation detail)
    // Handle -> (model, is PF); {nullptr, false} for an unknown handle.
    static std::pair<ndis_pf_miniport*, bool> from_handle(NDIS_HANDLE handle);

private:
    ULONG bus_data(bool write, NDIS_HANDLE handle, NDIS_SRIOV_FUNCTION_ID vf_id, void* buffer,
                   ULONG offset, ULONG length);
    NDIS_STATUS oid_vf_config(NDIS_OID_REQUEST& request, bool write);
    // The parameter structure's checks: NDIS_STATUS_SUCCESS or the refusal.
    NDIS_STATUS check_oid_parameters(api_call_record& rec,
                                     const NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS& p,
                                     ULONG header_size, ULONG out_len, UINT* bytes_needed) const;
    // The transfer an OID asks for, through the VBD when one is registered.
    ULONG oid_transfer(bool write, const NDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS& p,
                       unsigned char* data);

    std::unique_ptr<adapter> pf_adapter_;
    std::unique_ptr<adapter> vf_adapter_;
    const PCI_VIRTUALIZATION_INTERFACE* vbd_ = nullptr;
    bool ndis_enabled_ = false;
    std::set<NDIS_SRIOV_FUNCTION_ID> allocated_;
};

} // namespace sriov::sw_stubs
