#include "sriov/progress/progress_meter.h"

#include <algorithm>
#include <fmt/format.h>
#include <unistd.h>

namespace sriov::progress {

namespace {

// The clock is read once per this many requests (a request costs ~1 us).
constexpr uint64_t check_every = 4096;
constexpr std::chrono::milliseconds redraw_period{250};
// Runs shorter than this never draw (the meter is for long runs).
constexpr std::chrono::milliseconds first_draw{500};

std::string rate_text(double per_s) {
    if (per_s >= 1e6) {
        return fmt::format("{:.2f} M ", per_s / 1e6);
    }
    if (per_s >= 1e3) {
        return fmt::format("{:.1f} k ", per_s / 1e3);
    }
    return fmt::format("{:.0f} ", per_s);
}

std::string clock_text(double seconds) {
    const auto s = static_cast<uint64_t>(seconds + 0.5);
    return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

} // namespace

std::string progress_line(uint64_t done, uint64_t total, double seconds, double fraction) {
    std::string line = fmt::format("  {} ", done);
    if (total != 0) {
        line += fmt::format("/ {} ", total);
        fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    }
    line += "TLPs";
    if (seconds > 0) {
        line += fmt::format("  {}TLPs/s", rate_text(static_cast<double>(done) / seconds));
    }
    if (fraction > 0 && seconds > 0) {
        line += "  ETA " + clock_text(seconds * (1 - fraction) / fraction);
    }
    return line;
}

bool on_terminal(std::FILE* out) {
    return isatty(fileno(out)) == 1;
}

progress_meter::progress_meter(uint64_t total, std::FILE* out) : total_(total), out_(out) {}

void progress_meter::on_request(const tlp&, const tlp*, uint64_t) {
    if (++done_ % check_every != 0) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - start_ >= first_draw && now - last_ >= redraw_period) {
        last_ = now;
        draw();
    }
}

void progress_meter::draw() {
    const double s = std::chrono::duration<double>(last_ - start_).count();
    // \r and erase-to-end-of-line: the line is redrawn in place.
    fmt::print(out_, "\r{}\x1b[K", progress_line(done_, total_, s, fraction_));
    std::fflush(out_);
    drawn_ = true;
}

void progress_meter::finish() {
    if (drawn_) {
        fmt::print(out_, "\r\x1b[K");
        std::fflush(out_);
        drawn_ = false;
    }
}

} // namespace sriov::progress
