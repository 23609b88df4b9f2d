// Common base of the models that hand driver code a Windows interface
// structure (pci.sys's PCI_VIRTUALIZATION_INTERFACE, a PF driver's
// SRIOV_DEVICE_INTERFACE_STANDARD): the WDFDEVICE handle WdfFdoQueryForInterface
// takes, the IRP_MN_QUERY_INTERFACE checks, the INTERFACE header fields with
// their reference count, and the check of a Context or handle that comes back
// from driver code before it is used.
#pragma once

#include "sriov/sw_stubs/config_initiator.h"
#include "win/wdf_query_stub.h"

#include <cstddef>

namespace sriov::sw_stubs {

class interface_provider : public config_initiator {
public:
    // The device stack handle for WdfFdoQueryForInterface.
    WDFDEVICE wdf_device();
    // IRP_MN_QUERY_INTERFACE: STATUS_INVALID_PARAMETER for a null GUID or
    // structure, a Size below the structure's or another Version;
    // STATUS_NOT_SUPPORTED for another GUID; otherwise fills the structure and
    // returns it referenced once.
    NTSTATUS query_interface(LPCGUID type, PINTERFACE iface, USHORT size, USHORT version);
    // InterfaceReference / InterfaceDereference.
    void interface_reference() { ++references_; }
    void interface_dereference() { --references_; }
    int interface_references() const { return references_; }

    // Context or WDFDEVICE -> live provider, nullptr if it is not one.
    static interface_provider* find(const void* context);

protected:
    // The interface structure a provider answers queries for.
    struct interface_id {
        const GUID& guid;
        USHORT version;
        std::size_t size;
    };

    interface_provider(const sc_core::sc_module_name& name, routing_id pf_rid, api_family family,
                       stub_config cfg, interface_id id);
    ~interface_provider() override;

    // The INTERFACE header every interface structure starts with.
    template <typename Interface>
    void fill_header(Interface& i) {
        i.Size = sizeof(Interface);
        i.Version = id_.version;
        i.Context = this;
        i.InterfaceReference = reference_thunk;
        i.InterfaceDereference = dereference_thunk;
    }
    // Fills the provider's structure at `iface` (a query checked its size).
    virtual void fill_queried(PINTERFACE iface) = 0;

private:
    static VOID reference_thunk(PVOID context);
    static VOID dereference_thunk(PVOID context);

    interface_id id_;
    int references_ = 0;
};

} // namespace sriov::sw_stubs
