// Does a Verilated RTL variant implement the device a description gives?
#pragma once

#include "sriov/config/device_profile.h"

#include <string>

namespace sriov::crosscheck {

// Names the first difference between the TLM device and an RTL variant's
// parameters ("" when they agree), values in hex: first the scalar fields
// (IDs, SR-IOV parameters, link, timing, BARs), then the capability lists,
// then the configuration space both lay out (reset value and RW / RW1C masks
// of every byte of the PF and of a VF), so a capability placed or
// parameterised differently is named by its offset and register.
std::string profile_difference(const config::device_description& tlm,
                               const config::device_description& rtl);

} // namespace sriov::crosscheck
