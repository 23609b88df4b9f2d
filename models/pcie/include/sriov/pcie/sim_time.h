// Simulated time in whole picoseconds: the unit of every timing figure,
// transaction log and VCD of the project. SystemC's default resolution is
// 1 ps; these convert without going through double.
#pragma once

#include <cstdint>
#include <systemc>

namespace sriov {

inline sc_core::sc_time::value_type one_ps_value() {
    static const sc_core::sc_time::value_type v = sc_core::sc_time(1, sc_core::SC_PS).value();
    return v;
}

inline sc_core::sc_time time_from_ps(uint64_t ps) {
    return sc_core::sc_time::from_value(ps * one_ps_value());
}

inline uint64_t time_to_ps(const sc_core::sc_time& t) {
    return t.value() / one_ps_value();
}

inline uint64_t now_ps() {
    return time_to_ps(sc_core::sc_time_stamp());
}

// a + b, or SystemC's last instant when the sum would pass it (a <= that
// instant): a deadline or a wait that far out means "not within this
// simulation", never a time that wrapped into the past.
// SystemC's last instant is the largest value_type (sc_max_time()), so the
// sum passes it exactly when it overflows: no out-of-line sc_max_time() call
// on the per-TLP path.
inline sc_core::sc_time time_sum(const sc_core::sc_time& a, const sc_core::sc_time& b) {
    sc_core::sc_time::value_type sum = 0;
    if (__builtin_add_overflow(a.value(), b.value(), &sum)) {
        return sc_core::sc_max_time();
    }
    return a + b;
}

// How long to wait for `t` from now, without passing SystemC's last instant.
inline sc_core::sc_time wait_time(const sc_core::sc_time& t) {
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    return time_sum(now, t) - now;
}

} // namespace sriov
