// Internal: the checks every IRP_MN_QUERY_INTERFACE-style query makes before
// it fills an interface structure (GUID, buffer size, version).
#pragma once

#include "win/ntdef_stub.h"

#include <cstddef>
#include <cstring>

namespace sriov::sw_stubs::detail {

inline NTSTATUS check_interface_query(LPCGUID type, const void* iface, USHORT size, USHORT version,
                                      const GUID& wanted, std::size_t wanted_size,
                                      USHORT wanted_version) {
    if (type == nullptr || iface == nullptr) {
        return STATUS_INVALID_PARAMETER;
    }
    if (std::memcmp(type, &wanted, sizeof(GUID)) != 0) {
        return STATUS_NOT_SUPPORTED;
    }
    if (size < wanted_size || version != wanted_version) {
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

} // namespace sriov::sw_stubs::detail
