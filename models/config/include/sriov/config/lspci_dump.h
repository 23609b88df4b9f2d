// Config-space dump in `lspci -xxxx` format, readable by `lspci -F FILE -vvv`.
#pragma once

#include "sriov/config/sriov_device.h"

#include <ostream>

namespace sriov::config {

// Every PF and every existing VF, in routing ID order: a "bb:dd.f <description>" line, 256 lines of
// "xxx: " + 16 hex bytes (all 4096 bytes), a blank line between functions.
// Uses peek_dw: no side effects, readiness ignored.
void write_lspci_dump(std::ostream& out, const sriov_device& dev);

} // namespace sriov::config
