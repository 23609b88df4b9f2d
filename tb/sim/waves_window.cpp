#include "sriov/cli/waves_window.h"

#include <array>
#include <cctype>
#include <utility>

namespace sriov::cli {

namespace {

// Units, largest first (format_sim_time takes the largest exact one).
constexpr std::array<std::pair<const char*, uint64_t>, 5> units{{{"s", 1'000'000'000'000ULL},
                                                                 {"ms", 1'000'000'000ULL},
                                                                 {"us", 1'000'000ULL},
                                                                 {"ns", 1'000ULL},
                                                                 {"ps", 1ULL}}};

// Digits of `s` from `pos` as a number, with *digits set to how many; false on overflow.
bool read_digits(const std::string& s, size_t& pos, uint64_t& value, unsigned& digits) {
    value = 0;
    digits = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])) != 0) {
        const uint64_t d = static_cast<uint64_t>(s[pos] - '0');
        if (value > (UINT64_MAX - d) / 10) {
            return false;
        }
        value = value * 10 + d;
        ++digits;
        ++pos;
    }
    return true;
}

} // namespace

std::optional<uint64_t> parse_sim_time_ps(const std::string& text) {
    size_t pos = 0;
    uint64_t whole = 0;
    unsigned whole_digits = 0;
    if (!read_digits(text, pos, whole, whole_digits)) {
        return std::nullopt;
    }
    uint64_t frac = 0;
    unsigned frac_digits = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        if (!read_digits(text, pos, frac, frac_digits) || frac_digits == 0 || frac_digits > 12) {
            return std::nullopt;
        }
    }
    if (whole_digits == 0) {
        return std::nullopt;
    }
    const std::string unit = text.substr(pos);
    for (const auto& [name, scale] : units) {
        if (unit != name) {
            continue;
        }
        uint64_t frac_scale = 1; // 10^frac_digits
        for (unsigned i = 0; i < frac_digits; ++i) {
            frac_scale *= 10;
        }
        if (frac * scale % frac_scale != 0 || whole > UINT64_MAX / scale) {
            return std::nullopt; // below 1 ps, or too large
        }
        const uint64_t frac_ps = frac * scale / frac_scale;
        if (whole * scale > UINT64_MAX - frac_ps) {
            return std::nullopt;
        }
        return whole * scale + frac_ps;
    }
    return std::nullopt;
}

std::string format_sim_time(uint64_t ps) {
    for (const auto& [name, scale] : units) {
        if (ps % scale == 0) {
            return std::to_string(ps / scale) + name;
        }
    }
    return std::to_string(ps) + "ps"; // not reached: scale 1 divides everything
}

void add_waves_window(CLI::App& app, waves_window& w, CLI::Option* waves) {
    const auto time_option = [&app, waves](const char* name, uint64_t& target, const char* help) {
        CLI::Option* opt =
            app.add_option_function<std::string>(
                   name, [&target](const std::string& s) { target = *parse_sim_time_ps(s); }, help)
                ->check(CLI::Validator(
                    [](const std::string& s) -> std::string {
                        return parse_sim_time_ps(s) ? "" : "not a time (e.g. 250us, 1.5ms, 800ns)";
                    },
                    "TIME"));
        if (waves != nullptr) {
            opt->needs(waves);
        }
    };
    time_option("--waves-from", w.from_ps,
                "dump waves from this simulated time on (a number and ps/ns/us/ms/s)");
    time_option("--waves-to", w.to_ps, "dump waves up to this simulated time");
}

void check_waves_window(const waves_window& w) {
    if (w.from_ps > w.to_ps) {
        throw CLI::ValidationError("--waves-to", "is before --waves-from");
    }
}

} // namespace sriov::cli
