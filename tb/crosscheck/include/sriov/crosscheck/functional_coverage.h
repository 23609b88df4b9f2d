// Functional coverage of the cross-check stimulus: which registers x attributes
// x operations x completion statuses x function kinds the TLP stream hit.
//
// A bin is "<function>/<register>/<attribute>/<op>/<status>", e.g.
// "pf/SR-IOV Control/rw/wr/SC". Each enabled byte of a request counts for the
// register that covers it (unimplemented bytes count as "(unimplemented)").
// The goal set is every register of the PF and VF layouts with both
// operations and the statuses a function can answer (SC, and CRS inside its
// readiness windows), plus UR for absent functions. Hit counts can be saved
// per seed and merged (a regression prints the merged summary at the end).
//
// The configurable block (rtl/sriov_cfg_port_space.sv) adds "block/..." bins
// for its own structures (block_coverage.cpp): per-PF events (SC/CRS, FLRs,
// VF Enable), D3hot->D0 soft resets, UR logging with the AER Header Log, and
// what its configuration port loaded. Their goals count in a run that
// declares them (expect_block_goals(): the `pfs` sequence on that block) and
// in any merge holding such a run.
#pragma once

#include "sriov/config/sriov_device.h"
#include "sriov/rtl_driver/port_write.h"
#include "sriov/tlp/tlp.h"

#include <array>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace sriov::crosscheck {

enum class function_kind : uint8_t { pf, vf, absent, type1 };
const char* to_string(function_kind k);

class functional_coverage {
public:
    // The goal bins come from the device's PF and VF register layouts.
    explicit functional_coverage(const config::sriov_device& device);
    functional_coverage(const functional_coverage&) = delete; // access_hits_ points into hits_
    functional_coverage& operator=(const functional_coverage&) = delete;

    // One answered request; `kind` says what the completer ID hit.
    void sample(const tlp& request, completion_status status, function_kind kind);

    uint64_t samples() const { return samples_; }
    const std::map<std::string, uint64_t>& hits() const;
    const std::vector<std::string>& goals() const { return goals_; }
    size_t goals_hit() const;

    // Text form: one "count bin" per line; merge() adds another run's counts.
    bool save(const std::string& path) const;
    // Adds the counts of a file written by save(): "" or why it was refused
    // (path and line; then nothing of it is added).
    std::string merge_file(const std::string& path);

    // Summary: goal bins hit per function kind and operation, the overall
    // percentage and (up to max_missing) the goal bins never hit.
    void print_summary(std::ostream& out, size_t max_missing = 40) const;

    // --- the configurable block's structures (block_coverage.cpp) ---------
    // Adds the "block/..." goal bins (once); save() records that it did.
    void expect_block_goals();
    // What the configuration port loaded (the tables written, and the
    // layout's multi-PF / ARI-dependent / 64-bit VF BAR features).
    void sample_layout(const std::vector<rtl::port_write>& writes);
    // One answered request to the block, after the device applied it.
    void sample_block(const tlp& request, completion_status status, function_kind kind);
    // A conventional reset: every function's PowerState is D0 again.
    void forget_power_states() { power_state_.clear(); }

private:
    void sample_ur(const tlp& request);
    void sample_write_events(const tlp& request, function_kind kind, size_t pf,
                             const std::string& prefix);
    // A bin is counted by number (slot x operation x status) while sampling,
    // once per request byte: its name is built only when the hits are read.
    // Slots: the PF layout's registers and "(unimplemented)", the same for
    // the VF layout, then "absent" and "type1".
    struct slot {
        function_kind kind;
        std::string reg;
        const char* attr;
    };
    static constexpr size_t statuses = 8; // completion_status is 3 bits
    size_t counter(size_t slot_index, bool write, completion_status s) const {
        return (slot_index * 2 + (write ? 1 : 0)) * statuses +
               (static_cast<size_t>(s) & (statuses - 1));
    }
    // Adds the counters into hits_ (named bins) and clears them.
    void flush() const;

    const config::sriov_device& device_;
    std::vector<std::string> goals_;
    std::vector<slot> slots_;
    size_t vf_base_ = 0;     // first slot of the VF layout
    size_t absent_slot_ = 0; // then type1 at absent_slot_ + 1
    mutable std::vector<uint64_t> counts_;
    mutable std::map<std::string, uint64_t> hits_;
    uint64_t samples_ = 0;
    bool block_goals_ = false;
    std::map<uint16_t, uint32_t> power_state_; // PowerState a PMCSR write left, per function
    // The per-request block bins (PF group x pf/vf x SC/CRS): their counts in
    // hits_, found once (map nodes never move), so a TLP costs no lookup.
    std::array<uint64_t*, 8> access_hits_{};
};

// The request's header as the AER Header Log records it (PCIe Base 7.8.4.8):
// its 3 or 4 DWs, each big-endian as on the wire, the rest 0.
std::array<uint32_t, 4> aer_header_log(const tlp& t);

} // namespace sriov::crosscheck
