// NTSTATUS and NDIS_STATUS values by name (the ones the stubs return), and
// the NTSTATUS a failed config access maps to.
#pragma once

#include "sriov/pcie/config_access.h"

#include <cstdint>
#include <optional>
#include <string>

namespace sriov::sw_stubs {

// NTSTATUS for a failed config access: UR -> STATUS_NO_SUCH_DEVICE, CA ->
// STATUS_IO_DEVICE_ERROR, CRS retries exhausted -> STATUS_DEVICE_NOT_READY,
// completion timeout -> STATUS_IO_TIMEOUT, anything else STATUS_UNSUCCESSFUL.
int32_t ntstatus_for(const config_access_result& result);

// "STATUS_SUCCESS", ..., or "NTSTATUS 0x..." for a value not in the table.
std::string ntstatus_name(int32_t status);
std::string ndis_status_name(int32_t status);

// The value of a STATUS_* or NDIS_STATUS_* name the stubs use (scenario files).
std::optional<uint32_t> status_value(const std::string& name);

} // namespace sriov::sw_stubs
