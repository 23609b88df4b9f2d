// The Verilated builds of sriov_cfg_space the cross-check can shadow, each with
// the TLM device profile its parameters describe (the two must agree: see
// profile_difference). Linked from sriov_crosscheck_variants.
#pragma once

#include "sriov/config/device_profile.h"
#include "sriov/config/sriov_device.h"
#include "sriov/crosscheck/rtl_shadow.h"

#include <memory>
#include <string>
#include <vector>

namespace sriov::crosscheck {

// (rtl::cfg_space_model is only forward-declared: see rtl_shadow.h.)

struct rtl_variant {
    std::string name;        // "xcheck", "default", "fault_vf_cmd_mse", ...
    std::string description; // one line
    config::device_description profile;
    bool traced = false;   // built with VCD tracing (--vcd needs it)
    bool coverage = false; // built with line/toggle coverage
    bool fault = false;    // deliberately broken (fault injection)
    std::unique_ptr<rtl::cfg_space_model> (*make)() = nullptr;
    // sriov_cfg_port_space: the layout is loaded from the device at reset, so
    // the build serves any description (`profile` is the one it runs by default).
    bool loaded = false;
    bool fst = false; // traced in FST (--trace-fst) instead of VCD
};

// The wave format a waves file's name asks for: FST for *.fst, VCD otherwise.
enum class wave_format : uint8_t { none, vcd, fst };
wave_format wave_format_of(const std::string& path); // none for ""
// Whether `v` can write `f` (none: any variant).
bool writes(const rtl_variant& v, wave_format f);

const std::vector<rtl_variant>& rtl_variants();

// A shadow of `device` on a fresh instance of the variant.
std::unique_ptr<rtl_shadow> make_shadow(const rtl_variant& v, config::sriov_device& device,
                                        shadow_options options = {});
const rtl_variant* find_rtl_variant(const std::string& name);

// The short readiness windows of the "xcheck" variant (random regressions
// need to enter and leave them often): reset 20 us, VF Enable 10 us, FLR 5 us.
config::device_description xcheck_profile();

// First non-fault fixed-layout variant whose profile equals `p` and that
// writes `waves`, else the configurable block (port / port_fast) running `p`;
// nullptr when `p` needs more storage than that block was built with, or
// waves in a format the block has no build for (`why` then says what).
const rtl_variant* rtl_variant_for(const config::device_description& p, wave_format waves,
                                   std::string* why = nullptr);

// `v` running `p` (a variant named on the command line): `v` itself when it
// was built for `p`; for the configurable block (`loaded`, its fault builds
// too) a copy of its entry running `p`; nullptr when a fixed-layout build
// describes another device or `p` needs more storage than the block was built
// with (`why` then says which, as a phrase after the variant's name).
const rtl_variant* rtl_variant_running(const rtl_variant& v, const config::device_description& p,
                                       std::string* why = nullptr);

} // namespace sriov::crosscheck
