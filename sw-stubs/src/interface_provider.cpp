#include "sriov/sw_stubs/interface_provider.h"

#include "live_registry.h"

#include <cstring>

namespace sriov::sw_stubs {

namespace {
using registry = detail::live_registry<interface_provider>;
} // namespace

interface_provider::interface_provider(const sc_core::sc_module_name& name, routing_id pf_rid,
                                       api_family family, stub_config cfg, interface_id id)
    : config_initiator(name, pf_rid, family, cfg), id_(id) {
    registry::add(this, this);
}

interface_provider::~interface_provider() {
    registry::remove(this);
}

interface_provider* interface_provider::find(const void* context) {
    return registry::find(context);
}

WDFDEVICE interface_provider::wdf_device() {
    return reinterpret_cast<WDFDEVICE>(this);
}

NTSTATUS interface_provider::query_interface(LPCGUID type, PINTERFACE iface, USHORT size,
                                             USHORT version) {
    if (type == nullptr || iface == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (std::memcmp(type, &id_.guid, sizeof(GUID)) != 0) {
        return STATUS_NOT_SUPPORTED;
    }
    if (size < id_.size || version != id_.version) {
        return STATUS_INVALID_PARAMETER;
    }
    fill_queried(iface);
    interface_reference(); // a query returns a referenced interface
    return STATUS_SUCCESS;
}

VOID interface_provider::reference_thunk(PVOID context) {
    if (auto* p = find(context)) {
        p->interface_reference();
    }
}

VOID interface_provider::dereference_thunk(PVOID context) {
    if (auto* p = find(context)) {
        p->interface_dereference();
    }
}

} // namespace sriov::sw_stubs
