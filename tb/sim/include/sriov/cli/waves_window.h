// --waves-from T / --waves-to T of sriov-sim and sriov-xcheck: only that
// window of simulated time goes to the waves file, so a failing 200k-TLP seed
// gives small waves around its mismatch (docs/verification.md, "Waves").
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sriov::cli {

struct waves_window {
    uint64_t from_ps = 0;
    uint64_t to_ps = UINT64_MAX;
    bool whole() const { return from_ps == 0 && to_ps == UINT64_MAX; }
};

// A simulated time: a non-negative decimal number and a unit, ps, ns, us, ms
// or s ("250us", "1.5ms", "0ns"); nullopt for anything else, a time that is
// not a whole number of ps, or one beyond 2^64 ps.
std::optional<uint64_t> parse_sim_time_ps(const std::string& text);

// The shortest exact form parse_sim_time_ps reads back ("1500ns", "2ms").
std::string format_sim_time(uint64_t ps);

// Adds --waves-from and --waves-to (each needs `waves` when it is given: the
// option that names the waves file).
void add_waves_window(CLI::App& app, waves_window& w, CLI::Option* waves = nullptr);

// For the program's final_callback: throws CLI::ValidationError when the
// window ends before it starts.
void check_waves_window(const waves_window& w);

} // namespace sriov::cli
