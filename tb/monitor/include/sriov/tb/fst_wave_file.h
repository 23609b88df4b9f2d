// An FST waves file (GTKWave's compressed format) written through the fstapi
// that Verilator ships (include/gtkwave/fstapi.h, compiled into the Verilated
// runtime of sriov::rtl with the FST-traced RTL variants): the TLP monitor's
// waves of long runs, where the VCD would be hundreds of MB.
#pragma once

#include "sriov/tb/wave_sink.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sriov::tb {

class fst_wave_file final : public wave_sink {
public:
    // Creates `path` (1 ps timescale). ok() tells whether it could.
    explicit fst_wave_file(const std::string& path);
    ~fst_wave_file() override;
    fst_wave_file(const fst_wave_file&) = delete;
    fst_wave_file& operator=(const fst_wave_file&) = delete;

    bool ok() const { return ctx_ != nullptr; }
    uint32_t declare(const std::vector<std::string>& scope, const std::string& name,
                     unsigned width) override;
    void change(uint64_t time_ps, uint32_t var, uint64_t value) override;
    void close(); // writes what is pending; also done by the destructor

private:
    // Changes at one time are held until time moves on, and only each
    // variable's last value that differs from the file's is written: a
    // value written twice at one time (0 then 'Scan') shows as one change,
    // as SystemC's VCD shows it.
    void flush();

    struct variable {
        unsigned width = 0;
        uint64_t written = 0;
        bool ever_written = false;
        uint64_t pending = 0;
        bool has_pending = false;
    };
    void* ctx_ = nullptr;
    std::vector<std::string> open_scope_; // the scope path declare() is in
    std::vector<variable> vars_;          // by handle - 1
    std::vector<uint32_t> pending_;       // handles with a pending value
    uint64_t pending_time_ps_ = 0;
};

} // namespace sriov::tb
