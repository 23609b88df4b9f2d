// The endpoint's answer to one memory request TLP, without SystemC: decode
// the address (bar_decoder), serve the MSI-X Table and PBA of the function at
// the BAR and offsets its description gives, forward every other BAR access
// to the function target the user binds (a memory-backed one by default), and
// build the completions of reads (RCB, Max_Payload_Size) or the UR / CA Cpl.
// Posted writes get no completion; an unclaimed one is dropped and counted.
// Not wired into sriov_endpoint yet (docs/data-path.md).
#pragma once

#include "sriov/config/device_profile.h"
#include "sriov/endpoint/bar_decoder.h"
#include "sriov/endpoint/msix_table.h"
#include "sriov/tlp/mem_tlp.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace sriov::endpoint {

// A function's registers behind its BARs. `data` holds `size` bytes at
// `where.offset` in address order; a write changes byte i only where
// `enabled[i]` is non-zero. Returning false answers a read with Completer Abort and drops
// a write.
class function_target {
public:
    virtual ~function_target() = default;
    virtual bool read(const bar_hit& where, uint8_t* data, uint32_t size) = 0;
    // A read with the request's byte enables (`enabled[i]` non-zero: byte i
    // requested; nullptr: every byte; `data` still holds the whole DW span):
    // by default read().
    virtual bool read_with_enables(const bar_hit& where, uint8_t* data, const uint8_t* enabled,
                                   uint32_t size) {
        static_cast<void>(enabled);
        return read(where, data, size);
    }
    virtual bool write(const bar_hit& where, const uint8_t* data, const uint8_t* enabled,
                       uint32_t size) = 0;
};

// The default target: plain memory per function and BAR, 0 until written
// (4 KiB pages allocated on first write).
class memory_backed_target : public function_target {
public:
    bool read(const bar_hit& where, uint8_t* data, uint32_t size) override;
    bool write(const bar_hit& where, const uint8_t* data, const uint8_t* enabled,
               uint32_t size) override;

private:
    using page = std::array<uint8_t, 4096>;
    // (routing ID, BAR, offset / 4096) -> page
    std::map<std::pair<std::pair<uint16_t, unsigned>, uint64_t>, page> pages_;
};

struct completer_params {
    uint32_t rcb = 64;          // Read Completion Boundary: 64 or 128 (Link Control RCB)
    uint32_t max_payload = 128; // Max_Payload_Size (Device Control)
};

struct mem_response {
    std::vector<mem_tlp> completions;  // reads: the CplD(s), or one Cpl with UR / CA
    std::vector<msi_message> messages; // MSI-X messages a table write released
    bool unsupported = false;          // no window claimed the request
};

class mem_completer {
public:
    // MSI-X locations and table sizes come from the description's PF and VF
    // capability lists; `device_rid`: Completer ID of UR completions for
    // addresses no function claims (the device's first PF).
    mem_completer(const config::device_description& description, routing_id device_rid);

    // The windows to decode from now on (rebuild after config changes).
    void set_decoder(bar_decoder decoder) { decoder_ = std::move(decoder); }
    const bar_decoder& decoder() const { return decoder_; }
    // Every function's BAR accesses go to `target` (not owned) from now on.
    void bind(function_target& target) { target_ = &target; }

    // Throws mem_tlp_error for a request validate() rejects.
    mem_response handle(const mem_tlp& request, const completer_params& params);

    // The MSI-X state of a function (created with its description's size);
    // throws std::invalid_argument when the function has no MSI-X capability.
    msix_table& msix(const bar_hit& function);
    bool has_msix(const bar_hit& function) const;
    // Functions whose table holds a pending vector (routing IDs, ascending).
    std::vector<routing_id> functions_with_pending() const;
    bool any_pending() const;
    uint64_t unsupported_writes() const { return unsupported_writes_; }
    // Writes the function target refused (dropped: posted, nobody is told).
    uint64_t refused_writes() const { return refused_writes_; }

private:
    struct msix_place {
        bool present = false;
        config::msix_params where;
        uint16_t vectors = 0;
    };
    const msix_place& place_of(const bar_hit& function) const;
    std::optional<mem_response> try_msix(const mem_tlp& request, const bar_hit& hit,
                                         const completer_params& params);

    std::vector<std::pair<msix_place, msix_place>> msix_places_; // per PF: (PF, its VFs)
    routing_id device_rid_;
    bar_decoder decoder_;
    memory_backed_target memory_;
    function_target* target_ = &memory_;
    std::map<uint16_t, std::unique_ptr<msix_table>> msix_;
    uint64_t unsupported_writes_ = 0;
    uint64_t refused_writes_ = 0;
};

} // namespace sriov::endpoint
