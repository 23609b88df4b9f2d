// Helpers shared by the configuration-space tests.
#pragma once

#include "sc_report_guard.h"
#include "sriov/config/device_description.h"
#include "sriov/config/sriov_device.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <systemc>
#include <vector>

namespace sriov::config::testing {

// Defaults with short readiness windows so tests need not wait 100 ms.
inline device_description fast_profile() {
    device_description p = device_description::defaults();
    p.reset_ready_ns = 10;
    p.vf_enable_ready_ns = 20;
    p.flr_ready_ns = 30;
    return p;
}

// The message parsing `text` as "d.toml" throws ("" when accepted).
inline std::string error_of(const std::string& text) {
    try {
        parse_device_description(text, "d.toml", bus_range{1, 255});
    } catch (const profile_error& e) {
        return e.what();
    }
    return "";
}

// validate()'s message for `d` ("" when accepted).
inline std::string validation_error(const device_description& d) {
    try {
        validate(d);
    } catch (const profile_error& e) {
        return e.what();
    }
    return "";
}

// A time after every window of fast_profile().
constexpr uint64_t T = 1'000'000;

inline const routing_id PF{0x0100};

// Full observable state: every DW of the PF and of every existing VF, plus
// readiness and storage. Two equal snapshots mean "nothing changed".
struct snapshot {
    std::map<uint16_t, std::vector<uint32_t>> functions;
    std::map<uint16_t, uint64_t> ready;
    size_t materialized = 0;
    uint16_t active = 0;

    static snapshot of(const sriov_device& d) {
        snapshot s;
        auto take = [&](routing_id fn) {
            auto& v = s.functions[fn.value];
            for (uint16_t dw = 0; dw < 1024; ++dw) {
                v.push_back(d.peek_dw(fn, dw).value_or(0xDEADBEEF));
            }
            s.ready[fn.value] = d.ready_at_ns(fn);
        };
        take(d.pf_rid());
        for (uint16_t k = 0; k < d.active_vfs(); ++k) {
            take(d.vf_rid(k));
        }
        s.materialized = d.materialized_vfs();
        s.active = d.active_vfs();
        return s;
    }
    bool operator==(const snapshot& o) const {
        return functions == o.functions && ready == o.ready && materialized == o.materialized &&
               active == o.active;
    }
    bool operator!=(const snapshot& o) const { return !(*this == o); }
};

// Read helpers that expect SC.
inline uint32_t rd(sriov_device& d, routing_id fn, uint16_t off, unsigned len, uint64_t now = T) {
    const auto r = d.read(fn, off, len, now);
    EXPECT_EQ(r.status, completion_status::successful)
        << "read " << to_string(fn) << " @" << off << " -> " << to_string(r.status);
    return r.read_data;
}
inline void wr(sriov_device& d, routing_id fn, uint16_t off, unsigned len, uint32_t v,
               uint64_t now = T) {
    const auto r = d.write(fn, off, len, v, now);
    EXPECT_EQ(r.status, completion_status::successful)
        << "write " << to_string(fn) << " @" << off << " -> " << to_string(r.status);
}

// Message of the last "sriov/config" warning (the fixture enables caching).
inline std::string last_warning() {
    const sc_core::sc_report* r = sc_core::sc_report_handler::get_cached_report();
    return r != nullptr ? r->get_msg() : std::string();
}
inline void cache_config_warnings() {
    sc_core::sc_report_handler::set_actions("sriov/config", sc_core::SC_WARNING,
                                            sc_core::SC_DISPLAY | sc_core::SC_CACHE_REPORT);
    sc_core::sc_report_handler::clear_cached_report();
}

// Enables `n` VFs at time T / 2: they are ready (past their CRS window) at T.
inline void enable_vfs(sriov_device& d, uint16_t n, uint16_t extra_ctrl = 0) {
    wr(d, d.pf_rid(), 0x170, 2, n, T / 2);
    wr(d, d.pf_rid(), 0x168, 2, 0x0001u | extra_ctrl, T / 2);
}

} // namespace sriov::config::testing
