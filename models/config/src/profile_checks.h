// Internal to models/config: the pieces validate() is made of.
#pragma once

#include "sriov/config/device_profile.h"

#include <string>

namespace sriov::config {

// Throws profile_error "field = value: why".
[[noreturn]] void fail(const std::string& field, const std::string& value, const std::string& why);

// The capability lists: placement, overlaps, required and unique kinds,
// parameters, MSI-X tables inside their BARs (capability_checks.cpp).
void validate_capabilities(const pf_description& p);

// The PFs as functions of one device (pf_set_checks.cpp).
void validate_pf_set(const device_description& d);
// validate()'s name of PF i's `member`: "pf[i].member" with several PFs.
std::string pf_field_name(const device_description& d, size_t i, const std::string& member);

} // namespace sriov::config
