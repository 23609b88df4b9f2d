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

} // namespace sriov
