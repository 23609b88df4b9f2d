// Where a monitor can send its value changes besides SystemC's sc_trace (which
// writes VCD only): e.g. an FST file (fst_wave_file). Times are absolute
// simulated ps; a sink takes them in non-decreasing order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sriov::tb {

class wave_sink {
public:
    virtual ~wave_sink() = default;
    // Declares variable `name` (`width` bits, 1..64) in the scope path
    // `scope` (outermost first) and returns its handle. Declarations come
    // before the first change.
    virtual uint32_t declare(const std::vector<std::string>& scope, const std::string& name,
                             unsigned width) = 0;
    // `var` has `value` from time_ps on. Several changes of one variable at
    // one time: the last one counts (as in SystemC's VCD); a value equal to
    // the one shown is no change.
    virtual void change(uint64_t time_ps, uint32_t var, uint64_t value) = 0;
};

} // namespace sriov::tb
