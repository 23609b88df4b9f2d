// The configuration space of one SR-IOV device: its PFs and their VFs.
// Per-PF queries take the PF's index in the description (0: the first PF).
// Pure C++ (no SystemC scheduling): the endpoint passes simulated time in.
#pragma once

#include "sriov/config/device_profile.h"
#include "sriov/config/pf_state.h"
#include "sriov/config/register_file.h"
#include "sriov/pcie/access.h"
#include "sriov/pcie/registers.h"
#include "sriov/tlp/tlp.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace sriov::config {

class sriov_device {
public:
    // Validates the description (throws profile_error) and performs a
    // conventional reset at time 0: the PFs answer CRS until reset_ready_ns.
    explicit sriov_device(device_description description);
    ~sriov_device();
    sriov_device(const sriov_device&) = delete;
    sriov_device& operator=(const sriov_device&) = delete;

    const device_description& profile() const;
    size_t pf_count() const;

    // Conventional reset at time now_ns: all registers to reset values, VFs
    // removed, PFs not ready until now_ns + profile().reset_ready_ns.
    void reset(uint64_t now_ns);

    // Apply one DW request at simulated time now_ns (docs/config-space-map.md):
    // UR for an absent function or dw_index > 1023 (an absent function of a
    // one-PF device sets the PF's Unsupported Request Detected), CRS before ready_at,
    // otherwise SC with read data / the write applied with its side effects.
    // A Type 1 request (req.type1) on a bus the device does not claim
    // (vf_bus_above_pf) is UR and changes nothing.
    // `origin`: the TLP the request came in (the endpoint's call), whose
    // header an error it detects logs (AER Header Log); without one, the
    // header of the TLP it stands for (Requester 00:00.0, Tag 0).
    // Inline (below): the endpoint's per-TLP call.
    config_response access(const config_request& req, uint64_t now_ns, const tlp* origin = nullptr);
    // The same for a config request TLP, its header the origin. Inline: the
    // endpoint's per-TLP call, which reads the request's fields straight from
    // the TLP (no config_request on the stack).
    config_response access(const tlp& request, uint64_t now_ns);
    // A Malformed TLP the device's receiver dropped: a non-Function-specific
    // error, logged in the PF (docs/config-space-map.md, "Error logging").
    void log_malformed_tlp(const tlp& request);

    // Byte-granular convenience used by tools and tests: offset + length must
    // stay inside 0..4095 and length 1..4 must not cross a DW, else UR.
    config_response read(routing_id fn, uint16_t offset, unsigned length, uint64_t now_ns);
    config_response write(routing_id fn, uint16_t offset, unsigned length, uint32_t value,
                          uint64_t now_ns);

    // Side-effect-free view for dumps and scoreboards: the value a read would
    // return ignoring readiness (nullopt when the function does not exist).
    std::optional<uint32_t> peek_dw(routing_id fn, uint16_t dw_index) const;

    // SR-IOV state of PF `pf` as its capability currently reports it.
    routing_id pf_rid(size_t pf = 0) const;
    // The PF `rid` is, or whose existing VF it is.
    std::optional<size_t> pf_of(routing_id rid) const;
    bool vf_enable(size_t pf = 0) const;
    bool vf_mse(size_t pf = 0) const;
    bool ari_capable_hierarchy(size_t pf = 0) const; // the bit in that PF's SR-IOV Control
    uint16_t num_vfs(size_t pf = 0) const;           // register value
    uint16_t active_vfs(size_t pf = 0) const; // VFs that exist (0 unless VF Enable took effect)
    uint16_t first_vf_offset(size_t pf = 0) const;
    uint16_t vf_stride(size_t pf = 0) const;
    uint32_t system_page_size(size_t pf = 0) const; // register value (bit mask)
    routing_id vf_rid(uint16_t vf_index, size_t pf = 0) const;
    std::optional<uint16_t> vf_index_of(routing_id rid, size_t pf = 0) const; // existing VFs only
    // True when enabled VFs of any PF occupy `bus` and it lies above that PF's
    // bus: the additional bus numbers SR-IOV VFs may use (cached with the VF routing).
    bool vf_bus_above_pf(uint8_t bus) const;
    uint64_t vf_bar_size(unsigned bar, size_t pf = 0) const; // effective size, 0 if none
    uint64_t vf_bar_address(unsigned bar, uint16_t vf_index, size_t pf = 0) const;
    uint64_t ready_at_ns(routing_id fn) const;
    // A count that grows whenever a register value may have changed (a write
    // that changed a DW, any write with side effects, a reset); equal counts
    // mean every register still holds its value. Lets a view of the registers
    // (the memory decoder) skip re-reading them. Error logging is not counted.
    uint64_t register_changes() const;
    bool function_exists(routing_id fn) const;

    // Hardware-side event (not a config write): set RW1C status bits of a
    // function, e.g. an error detected by the device. Only RW1C bits change.
    void hw_set_status(routing_id fn, uint16_t offset, uint32_t bits);

    // Number of VFs with private register storage (memory grows with touched VFs).
    size_t materialized_vfs() const;
    // Bytes VF `vf` owns for its private register values (0 while it reads its
    // layout's resets): 4 per mutable DW of the VF layout plus its index slot.
    size_t vf_private_bytes(routing_id vf) const;

    // The register tables (names, offsets, reset values, masks, attributes)
    // of PF `pf` and of the one layout all its VFs share.
    const register_layout& pf_layout(size_t pf = 0) const;
    const register_layout& vf_layout(size_t pf = 0) const;

private:
    static config_response unsupported() {
        config_response rsp;
        rsp.status = completion_status::unsupported_request;
        return rsp;
    }
    // access()'s rules over the first PF, for `req` read from `source` (the
    // request itself or its TLP); a request the first PF does not claim goes
    // to not_first_pfs(source, ...), with `origin` when an error is logged.
    template <class Source>
    config_response access_first(const config_request& req, const Source& source, uint64_t now_ns,
                                 const tlp* origin);
    // A request the first PF does not claim (out of line and cold).
    [[gnu::noinline, gnu::cold]] config_response not_first_pfs(const config_request& req,
                                                               uint64_t now_ns, const tlp* origin);
    // The same for a config request TLP: the config_request is built here,
    // off the per-TLP path.
    [[gnu::noinline, gnu::cold]] config_response not_first_pfs(const tlp& request, uint64_t now_ns,
                                                               const tlp* origin);

    struct impl;
    std::unique_ptr<impl> impl_;
    pf_state* first_ = nullptr; // the first PF: access() tries it without a loop
    bool several_pfs_ = false;
};

// One request, with the TLP it came in when there is one (the header an
// error logs). Inline: the endpoint's per-TLP call runs it without a call
// into the library (callgrind, bench_cosim; pf_state.h). The first PF is
// tried inline (every request of the LT benchmark takes that path); the
// others, if any, out of line. A Type 1 request for a bus no PF's VFs occupy
// is not the device's: UR, and nothing changes (no Unsupported Request
// Detected either).
template <class Source>
[[gnu::always_inline]] inline config_response
sriov_device::access_first(const config_request& req, const Source& source, uint64_t now_ns,
                           const tlp* origin) {
    pf_state* const p = first_; // tried first: a one-PF device needs no other lookup
    if (req.dw_index >= 1024) {
        return unsupported();
    }
    if (req.type1 && !p->vf_bus_above_pf(req.target.bus())) {
        return not_first_pfs(source, now_ns, nullptr); // not the device's: no log
    }
    pf_state::fn_ref f;
    uint64_t ready = 0;
    // A Type 1 request's bus is above the PF's: never the PF's routing ID
    // (and the routing just read stays in registers for the VF's index).
    if (!(req.type1 ? p->claim_vf(req.target, f, ready) : p->claim(req.target, f, ready))) {
        return not_first_pfs(source, now_ns, origin);
    }
    return p->apply(f, ready, req, source, now_ns);
}

[[gnu::always_inline]] inline config_response
sriov_device::access(const config_request& req, uint64_t now_ns, const tlp* origin) {
    return access_first(req, req, now_ns, origin);
}

// The request's fields stay in registers: only the cold path, which takes
// the TLP, builds a config_request in memory (callgrind, bench_cosim).
[[gnu::always_inline]] inline config_response sriov_device::access(const tlp& request,
                                                                   uint64_t now_ns) {
    return access_first(to_config_request(request), request, now_ns, &request);
}

} // namespace sriov::config
