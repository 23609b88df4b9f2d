// The stream of ECAM accesses that tests/root_complex runs through two paths
// of the root complex to compare them (lt_observed_test, at_nb_test): the PF,
// 8 VFs, an absent VF and the root port in turn; aligned, two-DW, unaligned
// and DW-crossing accesses, reads and writes; a PF FLR whose readiness window
// the root complex retries through CRS.
#pragma once

#include "default_layout.h"
#include "sriov/pcie/config_access.h"
#include "sriov/pcie/ecam.h"
#include "sriov/pcie/registers.h"
#include "sriov/tb/platform.h"

#include <cstdint>
#include <tlm>
#include <vector>

namespace sriov::test {

struct step {
    tlm::tlm_command cmd = tlm::TLM_READ_COMMAND;
    routing_id target;
    uint16_t offset = 0;
    unsigned length = 4;
    uint64_t data = 0;
    bool details = false; // ask for a config_access_extension (where the test attaches one)
};

// What the initiator saw of one access; equal only if everything is.
struct outcome {
    tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;
    uint64_t data = 0;
    uint64_t time_ps = 0; // when the initiator had the answer

    config_access_result details; // where the test asked for them
    friend bool operator==(const outcome& a, const outcome& b) {
        const config_access_result& x = a.details;
        const config_access_result& y = b.details;
        return a.status == b.status && a.data == b.data && a.time_ps == b.time_ps &&
               x.response == y.response && x.tlps_sent == y.tlps_sent &&
               x.dws_completed == y.dws_completed && x.failed == y.failed &&
               x.timed_out == y.timed_out && x.failed_offset == y.failed_offset &&
               x.failed_status == y.failed_status && x.crs_retries == y.crs_retries &&
               x.latency_ps == y.latency_ps;
    }
};

// `gp` set up for step `s` with `data` as its buffer (`data` = s.data).
inline void set_payload(tlm::tlm_generic_payload& gp, uint64_t& data, const step& s) {
    data = s.data;
    gp.set_command(s.cmd);
    gp.set_address(ecam::address(s.target, s.offset));
    gp.set_data_ptr(reinterpret_cast<unsigned char*>(&data));
    gp.set_data_length(s.length);
    gp.set_streaming_width(s.length);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

// No readiness windows but the FLR's 3 us (a few CRS retries); `mode`; the
// root port told the link's generation and width as tb::platform does.
inline tb::platform_config stream_config(root_complex::coding_style mode) {
    tb::platform_config cfg;
    cfg.profile.reset_ready_ns = 0;
    cfg.profile.vf_enable_ready_ns = 0;
    cfg.profile.flr_ready_ns = 3'000;
    cfg.rc.mode = mode;
    cfg.rc.link_gen = static_cast<unsigned>(cfg.link.gen);
    cfg.rc.link_width = cfg.link.width;
    return cfg;
}

inline void enable_vfs(config::sriov_device& dev, uint16_t n) {
    const uint16_t sriov = dev.pf_layout().capability_offset(config::capability_kind::sriov);
    dev.write(dev.pf_rid(), static_cast<uint16_t>(sriov + sriov_field::num_vfs), 2, n, 0);
    dev.write(dev.pf_rid(), static_cast<uint16_t>(sriov + sriov_field::ctrl), 2,
              bits::sriov_ctrl_vf_enable, 0);
}

// `count` accesses, the FLR (and a read of the PF right after it) after
// access `flr_after`; every seventh access asks for details.
inline std::vector<step> access_stream(const config::sriov_device& dev, routing_id root_port,
                                       unsigned count, unsigned flr_after) {
    std::vector<routing_id> targets{dev.pf_rid()};
    for (uint16_t k = 0; k < dev.active_vfs(); ++k) {
        targets.push_back(dev.vf_rid(k));
    }
    targets.push_back(dev.vf_rid(dev.active_vfs())); // absent: UR, reads all-ones
    targets.push_back(root_port);
    std::vector<step> s;
    for (unsigned i = 0; i < count; ++i) {
        const routing_id t = targets[i % targets.size()];
        const bool details = i % 7 == 0;
        switch (i % 6) {
        case 0:
            s.push_back({tlm::TLM_READ_COMMAND, t, reg::command, 4, 0, details});
            break;
        case 1: // Bus Master Enable toggles
            s.push_back({tlm::TLM_WRITE_COMMAND, t, reg::command, 4, (i & 2u) << 1, details});
            break;
        case 2: // two DWs: IDs and Command/Status
            s.push_back({tlm::TLM_READ_COMMAND, t, reg::vendor_id, 8, 0, details});
            break;
        case 3: // unaligned
            s.push_back({tlm::TLM_WRITE_COMMAND, t, reg::cache_line_size, 2, 0x0010 + i, details});
            break;
        case 4:
            s.push_back({tlm::TLM_READ_COMMAND, t, default_layout::dev_ctrl, 4, 0, details});
            break;
        default: // crosses a DW boundary: Device ID and Command
            s.push_back({tlm::TLM_READ_COMMAND, t, reg::device_id, 4, 0, details});
            break;
        }
        if (i == flr_after) { // the PF answers CRS for flr_ready_ns; its VFs are gone
            s.push_back({tlm::TLM_WRITE_COMMAND, dev.pf_rid(), default_layout::dev_ctrl, 2,
                         bits::dev_ctrl_initiate_flr, true});
            s.push_back({tlm::TLM_READ_COMMAND, dev.pf_rid(), reg::command, 4, 0, true});
        }
    }
    return s;
}

} // namespace sriov::test
