// Merges two VCD files with the same timescale into one, so that a waveform
// viewer shows the TLP monitor and the Verilated RTL on one time axis in one
// window. The second file's scopes are added beside the first's; identifier
// codes that collide are renamed; value changes are interleaved by time.
#pragma once

#include <string>

namespace sriov::tb {

// Writes the merge of `first` and `second` to `out` (which may be `first`).
// Returns an empty string on success, otherwise what went wrong (unreadable
// file, missing $enddefinitions, different timescales, ...); `out` is then
// left untouched.
std::string merge_vcd(const std::string& first, const std::string& second, const std::string& out);

} // namespace sriov::tb
