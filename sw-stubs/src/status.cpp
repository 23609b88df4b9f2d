#include "sriov/sw_stubs/status.h"

#include "win/ndis_sriov.h"
#include "win/ntdef_stub.h"

#include <cstdio>
#include <iterator>

namespace sriov::sw_stubs {

namespace {

struct named_status {
    const char* name;
    int32_t value;
    bool ndis;
};

// The one table of names and values (the values come from the Windows headers).
const named_status statuses[] = {
    {"STATUS_SUCCESS", STATUS_SUCCESS, false},
    {"STATUS_UNSUCCESSFUL", STATUS_UNSUCCESSFUL, false},
    {"STATUS_INVALID_PARAMETER", STATUS_INVALID_PARAMETER, false},
    {"STATUS_NO_SUCH_DEVICE", STATUS_NO_SUCH_DEVICE, false},
    {"STATUS_DEVICE_NOT_READY", STATUS_DEVICE_NOT_READY, false},
    {"STATUS_IO_TIMEOUT", STATUS_IO_TIMEOUT, false},
    {"STATUS_NOT_SUPPORTED", STATUS_NOT_SUPPORTED, false},
    {"STATUS_INVALID_DEVICE_STATE", STATUS_INVALID_DEVICE_STATE, false},
    {"STATUS_IO_DEVICE_ERROR", STATUS_IO_DEVICE_ERROR, false},
    {"NDIS_STATUS_SUCCESS", NDIS_STATUS_SUCCESS, true},
    {"NDIS_STATUS_FAILURE", NDIS_STATUS_FAILURE, true},
    {"NDIS_STATUS_INVALID_PARAMETER", NDIS_STATUS_INVALID_PARAMETER, true},
    {"NDIS_STATUS_NOT_SUPPORTED", NDIS_STATUS_NOT_SUPPORTED, true},
    {"NDIS_STATUS_INVALID_LENGTH", NDIS_STATUS_INVALID_LENGTH, true},
    {"NDIS_STATUS_INVALID_DATA", NDIS_STATUS_INVALID_DATA, true},
};

std::string name_of(int32_t status, bool ndis, const char* unknown_prefix) {
    for (const named_status& s : statuses) {
        if (s.ndis == ndis && s.value == status) {
            return s.name;
        }
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s 0x%x", unknown_prefix, static_cast<uint32_t>(status));
    return buf;
}

} // namespace

int32_t ntstatus_for(const config_access_result& result) {
    if (result.ok()) {
        return STATUS_SUCCESS;
    }
    if (!result.failed_in_flight()) {
        return STATUS_UNSUCCESSFUL;
    }
    if (result.timed_out) {
        return STATUS_IO_TIMEOUT;
    }
    switch (result.failed_status) {
    case completion_status::unsupported_request:
        return STATUS_NO_SUCH_DEVICE;
    case completion_status::completer_abort:
        return STATUS_IO_DEVICE_ERROR;
    case completion_status::config_request_retry:
        return STATUS_DEVICE_NOT_READY;
    case completion_status::successful:
        break;
    }
    return STATUS_UNSUCCESSFUL;
}

std::string ntstatus_name(int32_t status) {
    return name_of(status, false, "NTSTATUS");
}

std::string ndis_status_name(int32_t status) {
    return name_of(status, true, "NDIS_STATUS");
}

std::optional<uint32_t> status_value(const std::string& name) {
    for (const named_status& s : statuses) {
        if (name == s.name) {
            return static_cast<uint32_t>(s.value);
        }
    }
    return std::nullopt;
}

} // namespace sriov::sw_stubs
