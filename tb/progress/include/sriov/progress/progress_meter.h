#pragma once
// A one-line progress display for long runs (sriov-xcheck, sriov-sim): TLPs
// done, TLPs per second and the time left, redrawn in place at most four
// times a second on a terminal. On anything else (a pipe, a file, CTest) it
// is never created: the output stays exactly what it was.
#include "sriov/endpoint/sriov_endpoint.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace sriov::progress {

// The line: "  52000 / 200000 TLPs  1.04 M TLPs/s  ETA 0:00:03". `fraction`
// is the share of the run done (0..1; below 0: unknown, no ETA); `total` 0:
// no "/ total".
std::string progress_line(uint64_t done, uint64_t total, double seconds, double fraction);

// Whether `out` is a terminal (the only place the meter draws).
bool on_terminal(std::FILE* out);

// Counts the endpoint's requests (an endpoint request_observer).
class progress_meter : public endpoint::request_observer {
public:
    // `total`: the requests the run will send (0: unknown; see set_fraction).
    explicit progress_meter(uint64_t total, std::FILE* out = stderr);
    progress_meter(const progress_meter&) = delete;
    progress_meter& operator=(const progress_meter&) = delete;
    ~progress_meter() override { finish(); }

    void on_request(const tlp& request, const tlp* completion, uint64_t now_ns) override;
    // The share of the run done when the requests cannot tell (e.g. scenario steps).
    void set_fraction(double f) { fraction_ = f; }
    // Erases the line (the run's own output follows on a clean line).
    void finish();

private:
    void draw();

    uint64_t total_;
    std::FILE* out_;
    uint64_t done_ = 0;
    double fraction_ = -1;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_ = start_;
};

} // namespace sriov::progress
