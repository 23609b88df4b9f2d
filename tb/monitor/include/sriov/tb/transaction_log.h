// The `--log FILE` transaction log: JSON Lines, one object per TLP (as the
// link sends it) and one per software API call, each with its simulated time.
// Lines are written in the order the link is handed the TLPs: with several
// loosely-timed initiators their time_ps values may interleave (sort by it).
#pragma once

#include "sriov/link/tlp_observer.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace sriov::tb {

class transaction_log : public link::tlp_observer {
public:
    explicit transaction_log(const std::string& path);

    bool ok() const { return static_cast<bool>(out_); }
    void on_tlp(uint64_t time_ps, link::direction dir, const tlp& t) override;
    // Memory TLPs (MMIO, MSI-X messages): mem_log_record lines.
    void on_mem_tlp(uint64_t time_ps, link::direction dir, const mem_tlp& t) override;
    // Any other record (API calls, scenario steps): written as one line.
    void write(const nlohmann::ordered_json& record);
    uint64_t records() const { return records_; }

private:
    std::ofstream out_;
    uint64_t records_ = 0;
};

} // namespace sriov::tb
