// The configuration space of one SR-IOV device: a PF and its VFs.
// Pure C++ (no SystemC scheduling): the endpoint passes simulated time in.
#pragma once

#include "sriov/config/device_profile.h"
#include "sriov/config/register_file.h"
#include "sriov/pcie/access.h"
#include "sriov/pcie/registers.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace sriov {
struct tlp;
}

namespace sriov::config {

class function_space; // register storage of one function (implementation detail)

class sriov_device {
public:
    // Validates the profile (throws profile_error) and performs a conventional
    // reset at time 0: the PF answers CRS until profile.reset_ready_ns.
    explicit sriov_device(device_profile profile);
    ~sriov_device();
    sriov_device(const sriov_device&) = delete;
    sriov_device& operator=(const sriov_device&) = delete;

    const device_profile& profile() const;

    // Conventional reset at time now_ns: all registers to reset values, VFs
    // removed, PF not ready until now_ns + profile().reset_ready_ns.
    void reset(uint64_t now_ns);

    // Apply one DW request at simulated time now_ns (docs/config-space-map.md):
    // UR for an absent function or dw_index > 1023, CRS before ready_at,
    // otherwise SC with read data / the write applied with its side effects.
    // A Type 1 request (req.type1) on a bus the device does not claim
    // (vf_bus_above_pf) is UR and changes nothing.
    config_response access(const config_request& req, uint64_t now_ns);
    // The same for a config request TLP (the endpoint's call): an error it
    // detects logs this TLP's header (AER Header Log). The config_request
    // form logs the header of the TLP it stands for (Requester 00:00.0, Tag 0).
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

    // SR-IOV state as the capability currently reports it.
    routing_id pf_rid() const;
    bool vf_enable() const;
    bool vf_mse() const;
    bool ari_capable_hierarchy() const;
    uint16_t num_vfs() const;    // register value
    uint16_t active_vfs() const; // VFs that exist (0 unless VF Enable took effect)
    uint16_t first_vf_offset() const;
    uint16_t vf_stride() const;
    uint32_t system_page_size() const; // register value (bit mask)
    routing_id vf_rid(uint16_t vf_index) const;
    std::optional<uint16_t> vf_index_of(routing_id rid) const; // existing VFs only
    // True when enabled VFs occupy `bus` and it lies above the PF's bus: the
    // additional bus numbers SR-IOV VFs may use (cached with the VF routing).
    bool vf_bus_above_pf(uint8_t bus) const;
    uint64_t vf_bar_size(unsigned bar) const; // effective size, 0 if none
    uint64_t vf_bar_address(unsigned bar, uint16_t vf_index) const;
    uint64_t ready_at_ns(routing_id fn) const;
    bool function_exists(routing_id fn) const;

    // Hardware-side event (not a config write): set RW1C status bits of a
    // function, e.g. an error detected by the device. Only RW1C bits change.
    void hw_set_status(routing_id fn, uint16_t offset, uint32_t bits);

    // Number of VFs with private register storage (memory grows with touched VFs).
    size_t materialized_vfs() const;

    // The register tables (names, offsets, reset values, masks, attributes)
    // of the PF and of the one layout all VFs share.
    const register_layout& pf_layout() const;
    const register_layout& vf_layout() const;

private:
    config_response apply(const config_request& req, uint64_t now_ns, const tlp* origin);

    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace sriov::config
